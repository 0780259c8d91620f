<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in: Gatehouse</title><link rel="stylesheet" href="${pageContext.request.contextPath}/static/gatehouse.css"></head>
<body><main class="card">
<h1>Log in</h1>
<c:if test="${not empty loggedInAs}"><p class="notice">You are logged in as <strong><c:out value="${loggedInAs}"/></strong>.
  Log in again to switch user, or <a href="${pageContext.request.contextPath}/">go on</a>.</p></c:if>
<c:if test="${not empty error}"><p class="error" role="alert" id="login-error"><c:out value="${error}"/></p></c:if>
<form method="post" action="${pageContext.request.contextPath}/login.do" autocomplete="on">
  <input type="hidden" name="login_token" value="${fn:escapeXml(loginToken)}">
  <input type="hidden" name="return_to" value="${fn:escapeXml(returnTo)}">
  <label for="user_name">User name</label>
  <input type="text" id="user_name" name="user_name" value="${fn:escapeXml(userName)}" autocomplete="username"
         autocapitalize="none" spellcheck="false" required maxlength="100" autofocus>
  <label for="user_password">Password</label>
  <input type="password" id="user_password" name="user_password" autocomplete="current-password" required>
  <div class="actions"><button type="submit" id="login">Log in</button></div>
</form>
</main></body></html>
