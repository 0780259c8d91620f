<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<gh:console title="${requestScope.title}">
  <p class="message"><c:out value="${requestScope.message}"/></p>
  <p><a href="${pageContext.request.contextPath}/admin/">Back to the console</a></p>
</gh:console>
