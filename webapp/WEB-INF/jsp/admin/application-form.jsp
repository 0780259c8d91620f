<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<c:set var="editing" value="${not empty app}"/>
<c:set var="action" value="${editing ? ctx.concat('/admin/applications/').concat(app.sysId) : ctx.concat('/admin/applications/new')}"/>
<c:set var="title" value="${editing ? 'Application: '.concat(app.name) : 'New application: '.concat(kind.label)}"/>
<gh:console title="${title}">
  <c:if test="${editing}"><p class="muted">Created <c:out value="${app.created}"/>; last changed <c:out value="${app.updated}"/>.</p></c:if>
  <form method="post" action="${fn:escapeXml(action)}" class="record-form" novalidate>
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <c:if test="${not editing}"><input type="hidden" name="kind" value="${fn:escapeXml(kind.id)}"></c:if>
    <%-- pressing Enter in a field saves: the first submit button of a form is its default --%>
    <button type="submit" name="action" value="save" class="default-submit" tabindex="-1" aria-hidden="true">Save</button>

    <fieldset>
      <legend>Details</legend>
      <gh:field name="name" label="Name of OAuth entity" required="true" help="Name of the OAuth entity."/>
      <gh:field name="provider_name" label="Provider name" required="true"
                help="Enter the name of the service provider you want to integrate with. Example: Microsoft, Google, Zoom, SAP, etc. Provider name is a mandatory field."/>
      <c:if test="${not hidden.contains('redirect_urls')}">
        <gh:field name="redirect_urls" label="Redirect URL" type="textarea" rows="3"
                  help="URL to which the authorization code should be sent after authentication. One URL per line: add a line to add a URL, delete a line to remove one. Each must match the request exactly (https, or http on a loopback address)."/>
      </c:if>
      <gh:field name="client_id" label="Client ID"
                help="Unique ID assigned to identify the application.${editing ? '' : ' Leave it empty to have one generated.'}"/>
      <c:if test="${not hidden.contains('client_secret')}">
        <c:choose>
          <c:when test="${not editing}">
            <gh:field name="client_secret" label="Client Secret" type="password"
                      help="The secret key that only the application and the authorization server can identify. The application uses this key to authenticate and obtain access tokens. Leave it empty to have a strong one generated; it is shown once, after Save."/>
          </c:when>
          <c:otherwise>
            <div class="field">
              <span class="label" id="secret-label">Client Secret</span>
              <p class="help" id="h-client_secret">The secret key that only the application and the authorization server can identify. The application uses this key to authenticate and obtain access tokens.
                <c:choose>
                  <c:when test="${app.publicClient}">A public client has no secret.</c:when>
                  <c:otherwise>Gatehouse keeps only a hash of it, so it cannot be shown again; Regenerate secret issues a new one and the old one stops working at once.</c:otherwise>
                </c:choose></p>
              <c:if test="${not app.publicClient}">
                <button type="submit" class="secondary" formaction="${ctx}/admin/applications/${fn:escapeXml(app.sysId)}/regenerate"
                        aria-describedby="h-client_secret">Regenerate secret</button>
              </c:if>
            </div>
          </c:otherwise>
        </c:choose>
      </c:if>
      <c:if test="${not hidden.contains('public_client')}">
        <gh:field name="public_client" label="This is a public client" type="checkbox"
                  help="Select the This is a public client check box if the application can’t securely store credentials, and doesn’t require a secret key to prove its identity during authorization."/>
      </c:if>
    </fieldset>

    <fieldset>
      <legend>Auth scope</legend>
      <fieldset class="group${not empty errors.auth_scopes ? ' has-error' : ''}" aria-describedby="h-auth_scopes">
        <legend>Auth scope</legend>
        <p class="help" id="h-auth_scopes">The level of access an application has to a resource. The authentication scope restricts the actions that an access token can perform on APIs or data.</p>
        <c:forEach items="${scopes}" var="s" varStatus="st">
          <div class="field checkbox">
            <input type="checkbox" id="scope-${st.index}" name="auth_scopes" value="${fn:escapeXml(s.name)}"${form.auth_scopes.contains(s.name) ? ' checked' : ''}>
            <label for="scope-${st.index}"><code><c:out value="${s.name}"/></code> <span class="muted"><c:out value="${s.description}"/><c:if test="${not empty s.apis}"> (opens <c:out value="${s.apis}"/>)</c:if></span></label>
          </div>
        </c:forEach>
        <c:if test="${not empty errors.auth_scopes}"><p class="field-error">Auth scope <c:out value="${errors.auth_scopes}"/></p></c:if>
      </fieldset>
      <fieldset class="group inline-create">
        <legend>Create new auth scope</legend>
        <p class="help">Creates the scope now and selects it here; the application itself is saved with Save.</p>
        <gh:field name="new_scope_name" label="New scope name"/>
        <gh:field name="new_scope_description" label="Words shown on the consent page"/>
        <button type="submit" name="action" value="create_scope" class="secondary">Create new auth scope</button>
      </fieldset>
      <gh:field name="api_access_policies" label="Limit authorization" type="textarea" rows="3"
                help="The names of the APIs for which you want to restrict authorization. One API per line, such as table/incident; these are the application's REST API access policies."/>
      <gh:field name="scope_apis_only" label="Allow access only to APIs in selected scope" type="checkbox"
                help="Enable the option for the integration to only access APIs that are explicitly listed in the selected scopes. (Gatehouse then sets Limit authorization to those APIs and turns on Enforce token restriction.)"/>
    </fieldset>

    <fieldset>
      <legend>Advanced options</legend>
      <gh:field name="enforce_token_restriction" label="Enforce token restriction" type="checkbox"
                help="The Enforce token restriction option limits the client to accessing only the APIs specified in the REST API Access Policies. If you unselect it, the client can access other REST APIs based on the user ACL permissions."/>
      <gh:field name="token_format" label="Token Format" type="select" options="opaque=Opaque,jwt=JWT"
                help="Format of token to generate. Options: JWT, Opaque. The JWKS URL is available at api/now/oauth/jwks; rotated (inactive) keys are removed from it after 105 days by default."/>
      <gh:field name="access_token_lifespan" label="Access token lifespan" type="number"
                help="Duration (in seconds) for which the OAuth access token remains valid before it expires. The default value is 1800 seconds."/>
      <gh:field name="refresh_token_lifespan" label="Refresh token lifespan" type="number"
                help="Duration (in seconds) for which the OAuth refresh token remains valid before it expires. The default value is 8,640,000 seconds."/>
      <c:if test="${not hidden.contains('login_url')}">
        <gh:field name="login_url" label="Login URL" type="url" help="HTTP redirection endpoint to authenticate with the authorization server."/>
      </c:if>
      <gh:field name="logo_url" label="Logo URL" type="url"
                help="Web address of an image that represents the application during the authentication and authorization process. It’s displayed on the authorization server's consent screen to help you recognize the requesting application."/>
      <c:if test="${fn:startsWith(form.logo_url, 'https://') or fn:startsWith(form.logo_url, 'http://')}">
        <figure class="logo-preview"><img src="${fn:escapeXml(form.logo_url)}" alt="Logo of the application (preview)"><figcaption>Logo preview</figcaption></figure>
      </c:if>
    </fieldset>

    <fieldset>
      <legend>Gatehouse options</legend>
      <fieldset class="group${not empty errors.grant_types ? ' has-error' : ''}" aria-describedby="h-grant_types">
        <legend>Grant types</legend>
        <p class="help" id="h-grant_types">The grants this application may use at the token endpoint.</p>
        <c:forEach items="${grantTypes}" var="grantType" varStatus="st">
          <div class="field checkbox">
            <input type="checkbox" id="grant-${st.index}" name="grant_types" value="${fn:escapeXml(grantType.value)}"${form.grant_types.contains(grantType.value) ? ' checked' : ''}>
            <label for="grant-${st.index}"><c:out value="${grantType.label}"/></label>
          </div>
        </c:forEach>
        <c:if test="${not empty errors.grant_types}"><p class="field-error">Grant types <c:out value="${errors.grant_types}"/></p></c:if>
      </fieldset>
      <c:if test="${not hidden.contains('redirect_urls')}">
        <gh:field name="post_logout_redirect_uris" label="Post logout redirect URLs" type="textarea" rows="2"
                  help="OpenID Connect: where the application may send the browser after it logs the person out of Gatehouse (/oauth_logout.do). One URL per line; each must match the request exactly."/>
      </c:if>
      <gh:field name="signing_alg" label="Signing algorithm" type="select" options="RS256=RS256 (RSA),ES256=ES256 (elliptic curve)"
                help="How this application's JWT access tokens are signed."/>
      <c:if test="${not hidden.contains('client_credentials_user')}">
        <gh:field name="client_credentials_user" label="Client credentials user"
                  help="The user name a client credentials token acts as (needed for the client credentials grant)."/>
      </c:if>
      <c:if test="${not hidden.contains('jwks')}">
        <gh:field name="jwks" label="JWKS" type="textarea" rows="4"
                  help='The public keys of the application as a JWK Set ({"keys":[…]}), for private_key_jwt client authentication and the JWT bearer grant.'/>
      </c:if>
      <c:if test="${not hidden.contains('jwks_url')}">
        <gh:field name="jwks_url" label="JWKS URL" type="url" help="Where the application publishes its public keys (https), instead of pasting them above."/>
      </c:if>
      <c:if test="${not hidden.contains('redirect_urls')}">
        <gh:field name="allowed_origins" label="Allowed origins" type="textarea" rows="2"
                  help="Browser apps (CORS): origins besides the Redirect URLs' own that may call the token, revocation and introspection endpoints from a browser. One per line, scheme, host and port only, such as https://app.example.com (https, or http on loopback)."/>
      </c:if>
      <gh:field name="active" label="Active" type="checkbox"
                help="An inactive application gets no tokens, and the tokens it holds stop working on the API at once."/>
      <gh:field name="first_party" label="First-party (no consent)" type="checkbox"
                help="Users of a first-party application are not asked for consent."/>
      <gh:field name="require_pushed_authorization_requests" label="Require pushed authorization requests" type="checkbox"
                help="PAR (RFC 9126): the application must first post its authorization request to /oauth_par.do and send the person to the log-in with the request_uri it got back; an authorization request in the address alone is refused."/>
      <gh:field name="dpop_bound_access_tokens" label="Require DPoP-bound tokens" type="checkbox"
                help="DPoP (RFC 9449): every token request must carry a DPoP proof, so that each token is bound to the application's key and is useless without it. Without this, a request with a proof gets a bound token and one without gets a bearer token."/>
      <gh:field name="resources" label="Resources" type="textarea" rows="2"
                help="Resource indicators (RFC 8707): the APIs this application may ask tokens for with the resource parameter, one absolute URI per line without a fragment, such as https://api.example.com. A token asked for a resource names it as its audience and is refused by Gatehouse's own API unless the resource is Gatehouse's issuer or its /api URL. Empty: the application may name no resource."/>
      <fieldset class="group${not empty errors.token_exchange_oidc_providers ? ' has-error' : ''}" aria-describedby="h-token_exchange_oidc_providers">
        <legend>Token exchange: OIDC providers</legend>
        <p class="help" id="h-token_exchange_oidc_providers">Token exchange (RFC 8693, with the Token exchange grant type above): the OpenID Providers whose ID tokens this application may exchange for a Gatehouse access token of the user they name (subject_token_type urn:ietf:params:oauth:token-type:id_token). Each ID token is checked as on the API: the provider's keys, its Client ID in aud, expiry, the user by the provider's User Claim and User Field. The token gets the provider's auth scopes that the application has. None ticked: the application may exchange no ID token.</p>
        <c:if test="${empty oidcProviders}"><p class="muted">No OIDC provider is configured (New, then "Configure an OIDC provider to verify ID tokens").</p></c:if>
        <c:forEach items="${oidcProviders}" var="p" varStatus="st">
          <div class="field checkbox">
            <input type="checkbox" id="idp-${st.index}" name="token_exchange_oidc_providers" value="${fn:escapeXml(p.sysId)}"${form.token_exchange_oidc_providers.contains(p.sysId) ? ' checked' : ''}>
            <label for="idp-${st.index}"><c:out value="${p.name}"/> <span class="muted">(Client ID <code><c:out value="${p.clientId}"/></code><c:if test="${not p.active}">, inactive</c:if>)</span></label>
          </div>
        </c:forEach>
        <c:if test="${not empty errors.token_exchange_oidc_providers}"><p class="field-error">Token exchange: OIDC providers <c:out value="${errors.token_exchange_oidc_providers}"/></p></c:if>
      </fieldset>
    </fieldset>

    <div class="actions">
      <button type="submit" name="action" value="save" id="save">Save</button>
      <c:if test="${editing}"><a class="button danger" href="${ctx}/admin/applications/${fn:escapeXml(app.sysId)}/delete">Delete</a></c:if>
      <a class="button secondary" href="${ctx}/admin/applications">Cancel</a>
    </div>
  </form>
</gh:console>
