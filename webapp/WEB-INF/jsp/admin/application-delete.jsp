<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Delete application">
  <p>Delete <strong><c:out value="${app.name}"/></strong> (client ID <code><c:out value="${app.clientId}"/></code>)?
    Every token it holds is revoked at once, and its users' consents are forgotten. This cannot be undone.</p>
  <form method="post" action="${ctx}/admin/applications/${fn:escapeXml(app.sysId)}/delete" class="actions">
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <button type="submit" class="danger">Delete</button>
    <a class="button secondary" href="${ctx}/admin/applications/${fn:escapeXml(app.sysId)}">Cancel</a>
  </form>
</gh:console>
