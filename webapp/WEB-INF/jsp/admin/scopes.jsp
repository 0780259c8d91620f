<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Auth scopes">
  <p>An auth scope names what a token may do; the consent page shows its words. An application may ask only for the scopes it lists.</p>
  <p><a class="button" href="${ctx}/admin/scopes/new">Create new auth scope</a></p>
  <div class="table-wrap">
  <table>
    <caption class="visually-hidden">Auth scopes</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Shown on the consent page</th><th scope="col">APIs it opens</th><th scope="col">Used by</th></tr></thead>
    <tbody>
      <c:forEach items="${rows}" var="r">
        <tr>
          <td><a href="${ctx}/admin/scopes/${fn:escapeXml(r.sysId)}"><code><c:out value="${r.name}"/></code></a></td>
          <td><c:out value="${r.description}"/></td>
          <td><c:out value="${empty r.apis ? 'every API the user may use' : r.apis}"/></td>
          <td><c:out value="${empty r.usedBy ? '—' : r.usedBy}"/></td>
        </tr>
      </c:forEach>
    </tbody>
  </table>
  </div>
</gh:console>
