<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Application Registry">
  <div class="toolbar">
    <form method="get" action="${ctx}/admin/applications" class="search" role="search">
      <label for="q">Search applications</label>
      <input type="search" id="q" name="q" value="${fn:escapeXml(q)}" placeholder="Name, client ID or provider">
      <button type="submit" class="secondary">Search</button>
    </form>
    <a class="button" href="${ctx}/admin/applications/new">New</a>
  </div>
  <c:choose>
    <c:when test="${empty rows}"><p>No applications<c:if test="${not empty q}"> match <q><c:out value="${q}"/></q></c:if>.</p></c:when>
    <c:otherwise>
      <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Applications</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Client ID</th><th scope="col">Active</th><th scope="col">Created</th></tr></thead>
        <tbody>
          <c:forEach items="${rows}" var="r">
            <tr>
              <td><a href="${ctx}/admin/${fn:escapeXml(r.href)}"><c:out value="${r.name}"/></a></td>
              <td><c:out value="${r.type}"/></td>
              <td><code><c:out value="${r.clientId}"/></code></td>
              <td>${r.active ? 'Yes' : 'No'}</td>
              <td><c:out value="${r.created}"/></td>
            </tr>
          </c:forEach>
        </tbody>
      </table>
      </div>
    </c:otherwise>
  </c:choose>
  <gh:paging/>
</gh:console>
