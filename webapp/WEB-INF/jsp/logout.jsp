<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log out: Gatehouse</title><link rel="stylesheet" href="${pageContext.request.contextPath}/static/gatehouse.css"></head>
<body><main class="card">
<h1>Log out</h1>
<p>You are logged in as <strong><c:out value="${userName}"/></strong>.</p>
<form method="post" action="${pageContext.request.contextPath}/logout.do">
  <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
  <div class="actions"><button type="submit" id="logout">Log out</button>
  <a class="button secondary" href="${pageContext.request.contextPath}/">Stay logged in</a></div>
</form>
</main></body></html>
