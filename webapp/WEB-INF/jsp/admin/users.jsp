<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Users">
  <div class="toolbar">
    <form method="get" action="${ctx}/admin/users" class="search" role="search">
      <label for="q">Search users</label>
      <input type="search" id="q" name="q" value="${fn:escapeXml(q)}" placeholder="User name, name or email">
      <button type="submit" class="secondary">Search</button>
    </form>
    <a class="button" href="${ctx}/admin/users/new">New user</a>
  </div>
  <div class="table-wrap">
  <table>
    <caption class="visually-hidden">Users</caption>
    <thead><tr><th scope="col">User name</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Roles</th><th scope="col">Active</th><th scope="col">Locked out</th></tr></thead>
    <tbody>
      <c:forEach items="${rows}" var="r">
        <tr>
          <td><a href="${ctx}/admin/users/${fn:escapeXml(r.sysId)}"><c:out value="${r.userName}"/></a></td>
          <td><c:out value="${r.name}"/></td>
          <td><c:out value="${r.email}"/></td>
          <td><c:out value="${r.roles}"/></td>
          <td>${r.active ? 'Yes' : 'No'}</td>
          <td>${r.lockedOut ? 'Yes' : 'No'}</td>
        </tr>
      </c:forEach>
    </tbody>
  </table>
  </div>
  <c:if test="${empty rows}"><p>No users<c:if test="${not empty q}"> match <q><c:out value="${q}"/></q></c:if>.</p></c:if>
  <gh:paging/>
</gh:console>
