<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Delete ${what}">
  <c:if test="${not refused}">
  <p>Delete the <c:out value="${what}"/> <strong><c:out value="${name}"/></strong>? Tokens it holds are deleted with it.</p>
  <form method="post" action="">
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <div class="actions"><button type="submit" class="danger">Delete</button> <a class="button secondary" href="${ctx}/admin/${fn:escapeXml(back)}">Cancel</a></div>
  </form>
  </c:if>
  <c:if test="${refused}"><p><a href="${ctx}/admin/${fn:escapeXml(back)}">Back</a></p></c:if>
</gh:console>
