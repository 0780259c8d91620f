<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Outbound OAuth">
  <c:if test="${not empty needing}">
    <div class="error-summary" role="alert" id="needs-person">
      <p><strong>These profiles need a person to use Get OAuth Token:</strong></p>
      <ul><c:forEach items="${needing}" var="p"><li><c:out value="${p.name}"/> (<c:out value="${p.provider}"/>)</li></c:forEach></ul>
    </div>
  </c:if>
  <p class="actions">
    <a class="button" href="${ctx}/admin/outbound/providers/new">Connect to a third-party OAuth provider</a>
    <a class="button secondary" href="${ctx}/admin/outbound/messages">REST messages</a>
    <a class="button secondary" href="${ctx}/admin/outbound/credentials">OAuth credentials</a>
    <a class="button secondary" href="${ctx}/admin/outbound/log">Outbound HTTP log</a>
  </p>
  <h2>OAuth providers</h2>
  <c:choose>
    <c:when test="${empty providers}"><p>No OAuth providers yet.</p></c:when>
    <c:otherwise>
      <div class="table-wrap"><table>
        <caption class="visually-hidden">OAuth providers</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Client ID</th><th scope="col">Default Grant type</th><th scope="col">Token URL</th><th scope="col">Active</th></tr></thead>
        <tbody><c:forEach items="${providers}" var="r"><tr>
          <td><a href="${ctx}/admin/outbound/providers/${fn:escapeXml(r.sysId)}"><c:out value="${r.name}"/></a></td>
          <td><code><c:out value="${r.clientId}"/></code></td>
          <td><c:out value="${r.grant}"/></td>
          <td><c:out value="${r.tokenUrl}"/></td>
          <td>${r.active ? 'Yes' : 'No'}</td>
        </tr></c:forEach></tbody>
      </table></div>
    </c:otherwise>
  </c:choose>
  <h2>OAuth entity profiles</h2>
  <c:if test="${empty profiles}"><p>No profiles yet: each provider gets a default one.</p></c:if>
  <c:if test="${not empty profiles}">
  <div class="table-wrap"><table id="profiles">
    <caption class="visually-hidden">OAuth entity profiles and their tokens</caption>
    <thead><tr><th scope="col">Profile</th><th scope="col">Provider</th><th scope="col">Grant type</th><th scope="col">Token</th><th scope="col">Expires</th><th scope="col">Refresh token expires</th><th scope="col">Last error</th><th scope="col"></th></tr></thead>
    <tbody><c:forEach items="${profiles}" var="r"><tr>
      <td><a href="${ctx}/admin/outbound/profiles/${fn:escapeXml(r.sysId)}"><c:out value="${r.name}"/></a></td>
      <td><c:out value="${r.provider}"/></td>
      <td><c:out value="${r.grant}"/></td>
      <td>${r.tokenPresent ? 'Present' : 'None'}</td>
      <td><c:out value="${r.expires}"/></td>
      <td><c:out value="${r.refreshExpires}"/></td>
      <td class="detail"><c:out value="${r.lastError}"/></td>
      <td><form method="post" action="${ctx}/oauth_initiator.do">
        <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
        <input type="hidden" name="profile" value="${fn:escapeXml(r.sysId)}">
        <button type="submit" class="${r.needsPerson ? '' : 'secondary'}">Get OAuth Token</button>
      </form></td>
    </tr></c:forEach></tbody>
  </table></div>
  </c:if>
</gh:console>
