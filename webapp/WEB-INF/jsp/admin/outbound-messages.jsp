<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="REST messages">
  <p><a class="button" href="${ctx}/admin/outbound/messages/new">New REST message</a> <a href="${ctx}/admin/outbound">Back to Outbound OAuth</a></p>
  <c:if test="${empty rows}"><p>No REST messages yet.</p></c:if>
  <c:if test="${not empty rows}">
  <div class="table-wrap"><table>
    <caption class="visually-hidden">REST messages</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Endpoint</th><th scope="col">Authentication type</th></tr></thead>
    <tbody><c:forEach items="${rows}" var="r"><tr>
      <td><a href="${ctx}/admin/outbound/messages/${fn:escapeXml(r.sysId)}"><c:out value="${r.name}"/></a></td>
      <td><c:out value="${r.endpoint}"/></td>
      <td><c:out value="${r.auth}"/></td>
    </tr></c:forEach></tbody>
  </table></div>
  </c:if>
</gh:console>
