<%@ tag body-content="scriptless" pageEncoding="UTF-8" description="The admin console's layout: navigation, title, notices" %>
<%@ attribute name="title" required="true" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fn:escapeXml(title)} · Gatehouse admin</title>
<link rel="stylesheet" href="${ctx}/static/gatehouse.css">
<script src="${ctx}/static/console.js" defer></script>
</head>
<body class="console">
<a class="skip-link" href="#main">Skip to content</a>
<header class="console-header">
  <a class="brand" href="${ctx}/admin/">Gatehouse admin</a>
  <nav aria-label="Console sections">
    <ul>
      <c:forEach items="${requestScope.sections}" var="s">
        <li><a href="${ctx}/admin/${s.path}"<c:if test="${s == requestScope.section}"> aria-current="page"</c:if>>${fn:escapeXml(s.title)}</a></li>
      </c:forEach>
    </ul>
  </nav>
  <form class="who" method="post" action="${ctx}/logout.do">
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(requestScope.csrfToken)}">
    Signed in as <strong><c:out value="${requestScope.currentUser}"/></strong>
    <button type="submit" class="link-button">Log out</button>
  </form>
</header>
<main id="main" class="console-main">
  <h1><c:out value="${title}"/></h1>
  <c:if test="${not empty requestScope.notice}"><p class="notice" role="status"><c:out value="${requestScope.notice}"/></p></c:if>
  <c:if test="${not empty requestScope.formError}"><p class="error-summary" role="alert"><c:out value="${requestScope.formError}"/></p></c:if>
  <jsp:doBody/>
</main>
</body>
</html>
