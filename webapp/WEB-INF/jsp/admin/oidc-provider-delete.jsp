<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Delete OIDC provider">
  <p>Delete <strong><c:out value="${provider.name}"/></strong> (client ID <code><c:out value="${provider.clientId}"/></code>)?
    The API stops accepting its ID tokens at once. This cannot be undone.</p>
  <form method="post" action="${ctx}/admin/applications/${fn:escapeXml(provider.sysId)}/delete" class="actions">
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <button type="submit" class="danger">Delete</button>
    <a class="button secondary" href="${ctx}/admin/applications/${fn:escapeXml(provider.sysId)}">Cancel</a>
  </form>
</gh:console>
