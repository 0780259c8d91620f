<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Revoke registration token">
  <p>Revoke the registration token <c:out value="${token.name}"/>? No further client can register with it; clients it registered stay.</p>
  <form method="post" action="${ctx}/admin/registration_tokens/${fn:escapeXml(token.sysId)}/revoke" class="actions">
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <button type="submit" class="danger">Revoke</button>
    <a class="button secondary" href="${ctx}/admin/registration_tokens">Cancel</a>
  </form>
</gh:console>
