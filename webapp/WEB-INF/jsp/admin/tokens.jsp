<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Manage tokens">
  <p>Live grants: each is one authorization (a code, password, assertion or client credentials exchange) with every
    token issued from it. Token values are never shown. Revoking a grant stops its tokens on the API at once.</p>
  <form method="get" action="${ctx}/admin/tokens" class="filters" role="search">
    <div class="field">
      <label for="f-client_id">Application</label>
      <select id="f-client_id" name="client_id">
        <option value="">All applications</option>
        <c:forEach items="${apps}" var="a">
          <option value="${fn:escapeXml(a.clientId)}"${a.clientId == form.client_id ? ' selected' : ''}><c:out value="${a.name}"/></option>
        </c:forEach>
      </select>
    </div>
    <gh:field name="user" label="User" help="User name."/>
    <div class="actions"><button type="submit" class="secondary">Show</button> <a href="${ctx}/admin/tokens">All</a></div>
  </form>
  <c:if test="${empty errors and (not empty form.client_id or not empty form.user)}">
    <form method="post" action="${ctx}/admin/tokens/revoke-all" class="actions">
      <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
      <c:choose>
        <c:when test="${not empty form.client_id}"><input type="hidden" name="client_id" value="${fn:escapeXml(form.client_id)}">
          <button type="submit" class="danger" id="revoke-all">Revoke all for this application</button></c:when>
        <c:otherwise><input type="hidden" name="user" value="${fn:escapeXml(form.user)}">
          <button type="submit" class="danger" id="revoke-all">Revoke all for this user</button></c:otherwise>
      </c:choose>
    </form>
  </c:if>
  <div class="table-wrap">
  <table>
    <caption class="visually-hidden">Live grants, newest first</caption>
    <thead><tr><th scope="col">Application</th><th scope="col">User</th><th scope="col">Scopes</th><th scope="col">Grant type</th>
      <th scope="col">Issued</th><th scope="col">Expires</th><th scope="col">Live tokens</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
    <tbody>
      <c:forEach items="${rows}" var="r">
        <tr>
          <td><c:out value="${r.application}"/><br><code class="muted"><c:out value="${r.clientId}"/></code></td>
          <td><c:out value="${r.user}"/></td>
          <td><c:out value="${r.scopes}"/></td>
          <td><c:out value="${r.grantType}"/></td>
          <td><c:out value="${r.issued}"/></td>
          <td><c:out value="${r.expires}"/></td>
          <td><c:out value="${r.tokens}"/></td>
          <td><form method="post" action="${ctx}/admin/tokens/${fn:escapeXml(r.id)}/revoke">
            <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
            <button type="submit" class="danger" aria-label="Revoke the grant of ${fn:escapeXml(r.application)} for ${fn:escapeXml(r.user)} issued ${fn:escapeXml(r.issued)}">Revoke</button>
          </form></td>
        </tr>
      </c:forEach>
    </tbody>
  </table>
  </div>
  <c:if test="${empty rows}"><p>No live grants match.</p></c:if>
  <gh:paging/>
</gh:console>
