<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Signing keys">
  <p>Active keys sign new JWT access tokens; inactive (rotated) keys stay in the JWKS
    (<a href="${ctx}/api/now/oauth/jwks"><code>/api/now/oauth/jwks</code></a>) until their purge date, so tokens they signed keep validating.</p>
  <form method="post" action="${ctx}/admin/keys/rotate" class="actions">
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <button type="submit" id="rotate">Rotate now</button>
  </form>
  <div class="table-wrap">
  <table>
    <caption class="visually-hidden">Signing keys, newest first</caption>
    <thead><tr><th scope="col">kid</th><th scope="col">Algorithm</th><th scope="col">State</th><th scope="col">Created</th><th scope="col">Rotated</th><th scope="col">Purge date</th></tr></thead>
    <tbody>
      <c:forEach items="${rows}" var="r">
        <tr>
          <td><code><c:out value="${r.kid}"/></code></td>
          <td><c:out value="${r.alg}"/></td>
          <td><c:out value="${r.state}"/></td>
          <td><c:out value="${r.created}"/></td>
          <td><c:out value="${r.rotated}"/></td>
          <td><c:out value="${r.purge}"/></td>
        </tr>
      </c:forEach>
    </tbody>
  </table>
  </div>
</gh:console>
