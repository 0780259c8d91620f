<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Outbound HTTP log">
  <form method="get" action="${ctx}/admin/outbound/log" class="filters" role="search">
    <gh:field name="kind" label="Kind" type="select" options="=(any),execution=execution,token=token request,revocation=revocation"/>
    <gh:field name="rest_message" label="REST message" help="Its name."/>
    <gh:field name="status_code" label="HTTP status" help="e.g. 401"/>
    <div class="actions"><button type="submit" class="secondary">Filter</button> <a href="${ctx}/admin/outbound/log">Clear</a></div>
  </form>
  <div class="table-wrap"><table>
    <caption class="visually-hidden">Outbound calls, newest first</caption>
    <thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">REST message</th><th scope="col">Method</th><th scope="col">URL</th><th scope="col">Status</th><th scope="col">ms</th><th scope="col">Token</th><th scope="col">Remote error</th><th scope="col">By</th></tr></thead>
    <tbody><c:forEach items="${rows}" var="r"><tr>
      <td><c:out value="${r.at}"/></td><td><c:out value="${r.kind}"/></td><td><c:out value="${r.message}"/></td>
      <td><c:out value="${r.method}"/></td><td class="detail"><c:out value="${r.url}"/></td><td><c:out value="${r.status}"/></td>
      <td><c:out value="${r.elapsed}"/></td><td><c:out value="${r.token}"/></td><td class="detail"><c:out value="${r.error}"/></td><td><c:out value="${r.actor}"/></td>
    </tr></c:forEach></tbody>
  </table></div>
  <c:if test="${empty rows}"><p>No outbound calls match.</p></c:if>
  <gh:paging/>
</gh:console>
