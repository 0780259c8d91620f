<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connect a device: Gatehouse</title><link rel="stylesheet" href="${pageContext.request.contextPath}/static/gatehouse.css"></head>
<body><main class="card">
<h1>Connect a device</h1>
<p class="muted">Logged in as <strong><c:out value="${userName}"/></strong>
  (<a href="${pageContext.request.contextPath}/logout.do">not you?</a>)</p>
<c:if test="${not empty error}"><p class="error" role="alert" id="device-error"><c:out value="${error}"/></p></c:if>
<form method="post" action="${pageContext.request.contextPath}/device.do" autocomplete="off">
  <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
  <label for="user_code">Enter the code your device shows</label>
  <input type="text" id="user_code" name="user_code" value="${fn:escapeXml(userCode)}" placeholder="XXXX-XXXX"
         autocapitalize="characters" spellcheck="false" required maxlength="20" autofocus>
  <div class="actions"><button type="submit" id="continue">Continue</button></div>
</form>
</main></body></html>
