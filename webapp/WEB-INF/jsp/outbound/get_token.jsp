<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gatehouse: Get OAuth Token</title><link rel="stylesheet" href="${pageContext.request.contextPath}/static/gatehouse.css"></head>
<body><main class="card">
<h1>Get OAuth Token</h1>
<p>Profile <strong><c:out value="${profileName}"/></strong> of the OAuth provider <strong><c:out value="${providerName}"/></strong>,
  grant <code><c:out value="${grantType}"/></code>.</p>
<c:choose>
  <c:when test="${tokenHeld}"><p class="muted">A token is held<c:if test="${needsPerson}">, but it can no longer be renewed</c:if>.</p></c:when>
  <c:otherwise><p class="muted">No token is held yet.</p></c:otherwise>
</c:choose>
<c:if test="${not empty lastError}"><p class="notice">Last error: <c:out value="${lastError}"/></p></c:if>
<c:if test="${not empty message}"><p class="error"><c:out value="${message}"/></p></c:if>
<c:if test="${codeGrant}"><p class="muted">Your browser goes to the provider's login and permission page. Register this Redirect URL there:
  <code><c:out value="${redirectUri}"/></code></p></c:if>
<form method="post" action="${pageContext.request.contextPath}/oauth_initiator.do">
  <input type="hidden" name="csrf_token" value="<c:out value='${csrfToken}'/>">
  <input type="hidden" name="profile" value="<c:out value='${profileId}'/>">
  <c:if test="${passwordGrant}">
    <p class="muted">The user name and password are sent to the provider once and kept by no one.</p>
    <label for="username">User name</label><input type="text" id="username" name="username" autocomplete="off">
    <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="off">
  </c:if>
  <div class="actions"><button type="submit">Get OAuth Token</button></div>
</form>
</main></body></html>
