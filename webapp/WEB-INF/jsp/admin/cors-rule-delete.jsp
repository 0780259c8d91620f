<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Delete CORS rule">
  <p>Delete the CORS rule <c:out value="${rule.name}"/> for <code><c:out value="${rule.domain}"/></code>? Browser apps on that domain can then no longer call the API.</p>
  <form method="post" action="${ctx}/admin/cors_rules/${fn:escapeXml(rule.sysId)}/delete" class="actions">
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <button type="submit" class="danger">Delete</button>
    <a class="button secondary" href="${ctx}/admin/cors_rules/${fn:escapeXml(rule.sysId)}">Cancel</a>
  </form>
</gh:console>
