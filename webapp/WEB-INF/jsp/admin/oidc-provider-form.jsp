<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<c:set var="editing" value="${not empty provider}"/>
<c:set var="action" value="${editing ? ctx.concat('/admin/applications/').concat(provider.sysId) : ctx.concat('/admin/applications/new')}"/>
<gh:console title="${editing ? 'OIDC provider: '.concat(provider.name) : 'New application: Configure an OIDC provider to verify ID tokens'}">
  <c:if test="${editing}"><p class="muted">Created <c:out value="${provider.created}"/>; last changed <c:out value="${provider.updated}"/>.</p></c:if>
  <p>The API accepts an ID token that this OpenID Provider (Okta, Microsoft Entra ID, Keycloak, Google, …) issued as an
    <code>Authorization: Bearer</code> token: signed with a key of the provider's JWK Set, issued for the Client ID
    below, not expired, and naming a Gatehouse user. The call then acts as that user with the scopes chosen here.</p>
  <form method="post" action="${fn:escapeXml(action)}" class="record-form" novalidate>
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <c:if test="${not editing}"><input type="hidden" name="kind" value="oidc_provider"></c:if>
    <gh:field name="name" label="Name" required="true" help="A name for this provider."/>
    <gh:field name="client_id" label="Client ID" required="true"
              help="The client ID of the application registered at the provider: the aud that its ID tokens must carry."/>
    <gh:field name="oidc_metadata_url" label="OIDC Metadata URL" required="true"
              help="The provider's OpenID configuration, such as https://login.example.com/.well-known/openid-configuration. https only${httpOnLoopback ? ' (this server also allows http on 127.0.0.1: gatehouse.idtoken.allow.http.loopback is on, for tests only)' : ''}. Its issuer must be this URL without /.well-known/openid-configuration."/>
    <gh:field name="user_claim" label="User Claim" required="true"
              help="The ID token claim that names the user: sub, email, preferred_username, upn, …"/>
    <gh:field name="user_field" label="User Field" type="select" options="user_name=User ID (user_name),email=Email,sys_id=Sys ID"
              help="The user column whose value must equal the claim. The user must exist and be active: users are not created from ID tokens."/>
    <gh:field name="enable_jti_verification" label="Enable JTI claim verification" type="checkbox"
              help="Each ID token serves one API call: its jti is recorded, and a second call with it is refused (on every node)."/>
    <gh:field name="clock_skew" label="Clock skew" type="number"
              help="Seconds by which the provider's clock may differ from this server's, for exp, nbf and iat (0 to 600)."/>
    <fieldset class="group${not empty errors.auth_scopes ? ' has-error' : ''}" aria-describedby="h-auth_scopes">
      <legend>Auth scope</legend>
      <p class="help" id="h-auth_scopes">What an API call with one of the provider's ID tokens may do (useraccount: everything the user may do).</p>
      <c:forEach items="${scopes}" var="s" varStatus="st">
        <div class="field checkbox">
          <input type="checkbox" id="scope-${st.index}" name="auth_scopes" value="${fn:escapeXml(s.name)}"${form.auth_scopes.contains(s.name) ? ' checked' : ''}>
          <label for="scope-${st.index}"><code><c:out value="${s.name}"/></code> <span class="muted"><c:out value="${s.description}"/></span></label>
        </div>
      </c:forEach>
      <c:if test="${not empty errors.auth_scopes}"><p class="field-error">Auth scope <c:out value="${errors.auth_scopes}"/></p></c:if>
    </fieldset>
    <gh:field name="active" label="Active" type="checkbox"/>
    <div class="actions">
      <button type="submit" id="save">Save</button>
      <c:if test="${editing}"><a class="button danger" href="${ctx}/admin/applications/${fn:escapeXml(provider.sysId)}/delete">Delete</a></c:if>
      <a class="button secondary" href="${ctx}/admin/applications">Cancel</a>
    </div>
  </form>
</gh:console>
