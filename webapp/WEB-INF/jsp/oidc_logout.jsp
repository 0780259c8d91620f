<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log out? Gatehouse</title><link rel="stylesheet" href="${pageContext.request.contextPath}/static/gatehouse.css"></head>
<body><main class="card">
<h1>Log out of Gatehouse?</h1>
<p>You are logged in as <strong><c:out value="${userName}"/></strong>.
<c:if test="${not empty appName}"><span id="app-name"><c:out value="${appName}"/></span> asks you to log out.</c:if></p>
<form method="post" action="${pageContext.request.contextPath}/oauth_logout.do">
  <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
  <input type="hidden" name="gh_confirm" value="yes">
  <c:if test="${not empty clientId}"><input type="hidden" name="client_id" value="${fn:escapeXml(clientId)}"></c:if>
  <c:if test="${not empty postLogoutRedirectUri}"><input type="hidden" name="post_logout_redirect_uri" value="${fn:escapeXml(postLogoutRedirectUri)}"></c:if>
  <c:if test="${not empty state}"><input type="hidden" name="state" value="${fn:escapeXml(state)}"></c:if>
  <div class="actions"><button type="submit" id="logout">Log out</button>
  <a class="button secondary" href="${pageContext.request.contextPath}/">Stay logged in</a></div>
</form>
</main></body></html>
