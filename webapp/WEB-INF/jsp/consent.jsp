<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Allow access? Gatehouse</title><link rel="stylesheet" href="${pageContext.request.contextPath}/static/gatehouse.css"></head>
<body><main class="card consent">
<c:if test="${not empty consent.logoUrl()}">
  <img class="app-logo" src="${fn:escapeXml(consent.logoUrl())}" alt="" width="64" height="64">
</c:if>
<h1><span id="app-name"><c:out value="${consent.appName()}"/></span> wants to access your account</h1>
<p class="muted">Logged in as <strong><c:out value="${userName}"/></strong>
  (<a href="${pageContext.request.contextPath}/logout.do">not you?</a>)</p>
<p>If you allow it, <c:out value="${consent.appName()}"/> may:</p>
<ul class="scopes" id="scopes">
<c:forEach var="s" items="${consent.scopes()}">
  <li><c:out value="${s.description()}"/> <span class="muted">(<c:out value="${s.name()}"/>)</span></li>
</c:forEach>
</ul>
<c:if test="${not empty consent.resources()}">
<p>at these services:</p>
<ul class="resources" id="resources">
<c:forEach var="r" items="${consent.resources()}">
  <li><c:out value="${r}"/></li>
</c:forEach>
</ul>
</c:if>
<p class="muted">You will then be sent back to <c:out value="${consent.redirectOrigin()}"/>.
  You can take the access back at any time under <a href="${pageContext.request.contextPath}/connected_apps.do">Connected apps</a>.</p>
<form method="post" action="${pageContext.request.contextPath}/oauth_auth.do">
  <input type="hidden" name="pending" value="${fn:escapeXml(consent.pendingId())}">
  <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
  <div class="actions">
    <button type="submit" name="decision" value="allow" id="allow">Allow</button>
    <button type="submit" name="decision" value="deny" id="deny" class="secondary">Deny</button>
  </div>
</form>
</main></body></html>
