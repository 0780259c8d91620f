<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title><c:out value="${title}"/>: Gatehouse</title><link rel="stylesheet" href="${pageContext.request.contextPath}/static/gatehouse.css"></head>
<body><main class="card">
<h1><c:out value="${title}"/></h1>
<p id="message"><c:out value="${message}"/></p>
<p><a href="${pageContext.request.contextPath}/">Gatehouse home</a></p>
</main></body></html>
