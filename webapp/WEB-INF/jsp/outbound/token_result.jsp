<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gatehouse: Get OAuth Token</title><link rel="stylesheet" href="${pageContext.request.contextPath}/static/gatehouse.css"></head>
<body><main class="card">
<h1>Get OAuth Token</h1>
<c:choose>
  <c:when test="${success}">
    <p class="ok" id="outcome">The OAuth flow completed: a token was obtained<c:if test="${not empty profileName}"> for the profile <strong><c:out value="${profileName}"/></strong></c:if>.</p>
  </c:when>
  <c:otherwise>
    <p class="error" id="outcome">The OAuth flow did not complete<c:if test="${not empty profileName}"> for the profile <strong><c:out value="${profileName}"/></strong></c:if>.</p>
    <dl>
      <dt>error</dt><dd id="error"><c:out value="${error}"/></dd>
      <c:if test="${not empty errorDescription}"><dt>error_description</dt><dd id="error_description"><c:out value="${errorDescription}"/></dd></c:if>
    </dl>
  </c:otherwise>
</c:choose>
<p class="actions"><a class="button secondary" href="${pageContext.request.contextPath}/admin/">Back to the console</a></p>
</main></body></html>
