<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Delete auth scope">
  <c:choose>
    <c:when test="${refused}"><p><a href="${ctx}/admin/scopes">Back to the auth scopes</a></p></c:when>
    <c:otherwise>
      <p>Delete the auth scope <code><c:out value="${scope.name}"/></code>?
        <c:if test="${not empty usedBy}">It is still used by <c:out value="${usedBy}"/>, so it will be refused until you remove it from them.</c:if></p>
      <form method="post" action="${ctx}/admin/scopes/${fn:escapeXml(scope.sysId)}/delete" class="actions">
        <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
        <button type="submit" class="danger">Delete</button>
        <a class="button secondary" href="${ctx}/admin/scopes/${fn:escapeXml(scope.sysId)}">Cancel</a>
      </form>
    </c:otherwise>
  </c:choose>
</gh:console>
