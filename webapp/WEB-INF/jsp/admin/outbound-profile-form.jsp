<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<c:set var="editing" value="${not empty profile}"/>
<gh:console title="${editing ? 'OAuth entity profile: '.concat(profile.name) : 'New OAuth entity profile'}">
  <p>OAuth provider: <a href="${ctx}/admin/outbound/providers/${fn:escapeXml(provider.sysId)}"><c:out value="${provider.name}"/></a></p>
  <form method="post" action="${ctx}/admin/outbound/profiles/${editing ? fn:escapeXml(profile.sysId) : 'new'}${editing ? '' : '?oauth_entity='.concat(fn:escapeXml(provider.sysId))}" class="record-form" novalidate>
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <gh:field name="name" label="Name" required="true"/>
    <gh:field name="grant_type" label="Grant type" type="select" options="authorization_code=Authorization Code,password=Resource Owner Password Credentials,client_credentials=Client Credentials,urn:ietf:params:oauth:grant-type:jwt-bearer=JWT Bearer"/>
    <gh:field name="scopes" label="OAuth Entity Scopes" help="Space-separated scopes to ask the provider for."/>
    <gh:field name="is_default" label="Default" type="checkbox"/>
    <gh:field name="jwt_subject" label="JWT subject (sub)" help="JWT bearer grant: the user the token acts for at the provider (default: the Client ID)."/>
    <gh:field name="jwt_audience" label="JWT audience (aud)" help="JWT bearer grant: default the Token URL."/>
    <div class="actions">
      <button type="submit" id="save">Save</button>
      <c:if test="${editing}"><a class="button danger" href="${ctx}/admin/outbound/profiles/${fn:escapeXml(profile.sysId)}/delete">Delete</a></c:if>
      <a class="button secondary" href="${ctx}/admin/outbound">Cancel</a>
    </div>
  </form>
</gh:console>
