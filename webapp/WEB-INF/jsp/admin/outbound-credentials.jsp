<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="OAuth credentials">
  <p><a href="${ctx}/admin/outbound">Back to Outbound OAuth</a></p>
  <c:if test="${empty rows}"><p>No credentials yet: they appear when a token is first got.</p></c:if>
  <c:if test="${not empty rows}">
  <div class="table-wrap"><table>
    <caption class="visually-hidden">OAuth credentials (never the token values)</caption>
    <thead><tr><th scope="col">Profile</th><th scope="col">User</th><th scope="col">Type</th><th scope="col">Expires</th><th scope="col">Refresh token expires</th><th scope="col">Needs a person</th><th scope="col">Last error</th><th scope="col"></th></tr></thead>
    <tbody><c:forEach items="${rows}" var="r"><tr>
      <td><c:out value="${r.profile}"/></td>
      <td><c:out value="${r.user}"/></td>
      <td><c:out value="${r.type}"/></td>
      <td><c:out value="${r.expires}"/></td>
      <td><c:out value="${r.refreshExpires}"/></td>
      <td>${r.needsPerson ? 'Yes' : 'No'}</td>
      <td class="detail"><c:out value="${r.lastError}"/></td>
      <td><form method="post" action="${ctx}/admin/outbound/credentials/${fn:escapeXml(r.sysId)}/revoke">
        <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
        <button type="submit" class="danger">Revoke</button></form></td>
    </tr></c:forEach></tbody>
  </table></div>
  </c:if>
</gh:console>
