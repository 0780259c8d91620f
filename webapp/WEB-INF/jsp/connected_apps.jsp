<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connected apps: Gatehouse</title><link rel="stylesheet" href="${pageContext.request.contextPath}/static/gatehouse.css"></head>
<body><main class="card">
<h1>Connected apps</h1>
<p class="muted">Logged in as <strong><c:out value="${userName}"/></strong>
  (<a href="${pageContext.request.contextPath}/logout.do">log out</a>)</p>
<c:if test="${revoked}"><p class="notice" role="status">Access revoked.</p></c:if>
<c:choose>
<c:when test="${empty apps}"><p id="no-apps">You have not connected any application.</p></c:when>
<c:otherwise>
<ul class="connected-apps" id="apps">
<c:forEach var="a" items="${apps}">
  <li>
    <c:if test="${not empty a.logoUrl()}"><img class="app-logo" src="${fn:escapeXml(a.logoUrl())}" alt="" width="48" height="48"></c:if>
    <strong><c:out value="${a.name()}"/></strong> <span class="muted">(<c:out value="${a.clientId()}"/>)</span><br>
    <span class="muted">Scopes: <c:forEach var="s" items="${a.scopes()}" varStatus="st"><c:out value="${s}"/><c:if test="${not st.last}">, </c:if></c:forEach></span>
    <form method="post" action="${pageContext.request.contextPath}/connected_apps.do">
      <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
      <input type="hidden" name="client_id" value="${fn:escapeXml(a.clientId())}">
      <button type="submit" class="danger">Revoke</button>
    </form>
  </li>
</c:forEach>
</ul>
</c:otherwise>
</c:choose>
<p><a href="${pageContext.request.contextPath}/">Gatehouse home</a></p>
</main></body></html>
