<%@ page contentType="text/html;charset=UTF-8" isErrorPage="true" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gatehouse: error</title><link rel="stylesheet" href="${pageContext.request.contextPath}/static/gatehouse.css"></head>
<body><main class="card">
<h1>Something went wrong</h1>
<p><c:choose>
  <c:when test="${requestScope['jakarta.servlet.error.status_code'] == 404}">There is no page at this address.</c:when>
  <c:when test="${requestScope['jakarta.servlet.error.status_code'] == 405}">This address does not accept that method.</c:when>
  <c:otherwise>The request could not be completed. Nothing was changed.</c:otherwise>
</c:choose></p>
<p><a href="${pageContext.request.contextPath}/">Gatehouse home</a></p>
</main></body></html>
