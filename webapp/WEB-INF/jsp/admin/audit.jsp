<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Audit log">
  <form method="get" action="${ctx}/admin/audit" class="filters" role="search">
    <gh:field name="actor" label="User" help="Who made the change (user name)."/>
    <gh:field name="table" label="Table" help="e.g. oauth_entity, sys_user, oauth_auth_scope"/>
    <gh:field name="record" label="Record" help="The record's sys_id."/>
    <gh:field name="from" label="From" type="date" help="First day (UTC)."/>
    <gh:field name="to" label="To" type="date" help="Last day (UTC)."/>
    <div class="actions"><button type="submit" class="secondary">Filter</button> <a href="${ctx}/admin/audit">Clear</a></div>
  </form>
  <div class="table-wrap">
  <table class="audit">
    <caption class="visually-hidden">Audit entries, newest first</caption>
    <thead><tr><th scope="col">When</th><th scope="col">User</th><th scope="col">Action</th><th scope="col">Table</th><th scope="col">Record</th><th scope="col">What</th><th scope="col">From</th></tr></thead>
    <tbody>
      <c:forEach items="${rows}" var="r">
        <tr>
          <td><c:out value="${r.at}"/></td>
          <td><c:out value="${r.actor}"/></td>
          <td><c:out value="${r.action}"/></td>
          <td><c:out value="${r.table}"/></td>
          <td><c:if test="${not empty r.record}"><a href="${ctx}/admin/audit?record=${fn:escapeXml(r.record)}"><code><c:out value="${r.record}"/></code></a></c:if></td>
          <td class="detail"><c:out value="${r.detail}"/></td>
          <td><c:out value="${r.address}"/></td>
        </tr>
      </c:forEach>
    </tbody>
  </table>
  </div>
  <c:if test="${empty rows}"><p>No audit entries match.</p></c:if>
  <gh:paging/>
</gh:console>
