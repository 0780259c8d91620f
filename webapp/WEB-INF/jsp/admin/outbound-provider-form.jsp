<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<c:set var="editing" value="${not empty provider}"/>
<gh:console title="${editing ? 'OAuth provider: '.concat(provider.name) : 'Connect to a third-party OAuth provider'}">
  <form method="post" action="${ctx}/admin/outbound/providers/${editing ? fn:escapeXml(provider.sysId) : 'new'}" class="record-form" novalidate>
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <fieldset><legend>OAuth provider</legend>
    <gh:field name="name" label="Name" required="true" help="A unique name for the third-party OAuth server."/>
    <gh:field name="client_id" label="Client ID" required="true" help="The client ID Gatehouse has at the third party."/>
    <gh:field name="client_secret" label="Client Secret" type="password" help="${editing && provider.secretSet ? 'A secret is kept (never shown). Leave blank to keep it; type a new one to replace it.' : 'Given by the third party. Kept encrypted, never shown again.'}"/>
    <gh:field name="default_grant_type" label="Default Grant type" type="select" options="authorization_code=Authorization Code,password=Resource Owner Password Credentials,client_credentials=Client Credentials,urn:ietf:params:oauth:grant-type:jwt-bearer=JWT Bearer"/>
    <gh:field name="auth_url" label="Authorization URL" type="url" help="The provider's authorization endpoint (needed for the authorization code grant)."/>
    <gh:field name="token_url" label="Token URL" type="url" required="true" help="The provider's token endpoint."/>
    <gh:field name="token_revocation_url" label="Token Revocation URL" type="url" help="The provider's revocation endpoint (RFC 7009), used by Revoke."/>
    <gh:field name="redirect_url" label="Redirect URL" type="url" help="Leave empty for ${editing ? provider.redirectUri : 'the /oauth_redirect.do of this server'}; register it at the provider."/>
    <gh:field name="send_credentials" label="Send Credentials" type="select" options="body=In Request Body (Form URL-Encoded),basic=Basic Authorization header,private_key_jwt=As Private Key JWT"/>
    <gh:field name="public_client" label="Public Client" type="checkbox" help="Gatehouse holds no secret for this provider; PKCE is required."/>
    <gh:field name="code_challenge_method" label="Code challenge method" type="select" options="S256=S256,plain=plain,none=none"/>
    <gh:field name="refresh_token_lifespan" label="Refresh Token Lifespan" type="number" help="Seconds a refresh token stays valid at the provider."/>
    <gh:field name="logo_url" label="Logo URL" type="url"/>
    <gh:field name="active" label="Active" type="checkbox"/>
    </fieldset>
    <div class="actions">
      <button type="submit" id="save">Save</button>
      <c:if test="${editing}"><a class="button danger" href="${ctx}/admin/outbound/providers/${fn:escapeXml(provider.sysId)}/delete">Delete</a></c:if>
      <a class="button secondary" href="${ctx}/admin/outbound">Cancel</a>
    </div>
  </form>
  <c:if test="${editing}">
    <h2>Profiles</h2>
    <ul><c:forEach items="${provider.profiles}" var="p">
      <li><a href="${ctx}/admin/outbound/profiles/${fn:escapeXml(p.sysId)}"><c:out value="${p.name}"/></a> — <c:out value="${p.grant}"/><c:if test="${p.isDefault}"> (default)</c:if></li>
    </c:forEach></ul>
    <p><a class="button secondary" href="${ctx}/admin/outbound/profiles/new?oauth_entity=${fn:escapeXml(provider.sysId)}">New profile</a></p>
    <h2>Gatehouse's public key for this provider</h2>
    <p class="help">Register this JWK at the provider for the JWT bearer grant and for Private Key JWT client authentication.</p>
    <pre id="jwk"><c:out value="${provider.jwk}"/></pre>
  </c:if>
</gh:console>
