<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="New registration token">
  <form method="post" action="${ctx}/admin/registration_tokens/new" class="record-form" novalidate>
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <gh:field name="name" label="Name" required="true" help="Who or what the token is for."/>
    <gh:field name="lifetime_seconds" label="Lifetime in seconds" type="number" help="The token stops working after this many seconds (1 to 31536000; 86400 is a day)."/>
    <gh:field name="max_uses" label="Maximum uses" type="number" help="How many clients it may register; 0: any number until it expires."/>
    <div class="actions">
      <button type="submit" id="save">Create</button>
      <a class="button secondary" href="${ctx}/admin/registration_tokens">Cancel</a>
    </div>
  </form>
</gh:console>
