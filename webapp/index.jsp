<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gatehouse</title><link rel="stylesheet" href="${pageContext.request.contextPath}/static/gatehouse.css"></head>
<body><main class="card">
<h1>Gatehouse</h1>
<p>Gatehouse is running: an OAuth 2.0 authorization server and protected REST API
(<c:out value="${pageContext.servletContext.serverInfo}"/>).</p>
<ul>
  <li><a href="${pageContext.request.contextPath}/login.do">Log in</a></li>
  <li><a href="${pageContext.request.contextPath}/connected_apps.do">Connected apps</a> (the applications you allowed)</li>
  <li><a href="${pageContext.request.contextPath}/admin/">Admin console</a></li>
  <li><a href="${pageContext.request.contextPath}/.well-known/oauth-authorization-server">Authorization server metadata</a></li>
  <li><a href="${pageContext.request.contextPath}/health">Health</a></li>
</ul>
</main></body></html>
