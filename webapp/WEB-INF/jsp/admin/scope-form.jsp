<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<c:set var="editing" value="${not empty scope}"/>
<gh:console title="${editing ? 'Auth scope: '.concat(scope.name) : 'Create new auth scope'}">
  <form method="post" action="${ctx}/admin/scopes/${editing ? fn:escapeXml(scope.sysId) : 'new'}" class="record-form" novalidate>
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <gh:field name="name" label="Name" required="true" help="The scope as applications ask for it (letters, digits and . _ : -), e.g. incident_read."/>
    <gh:field name="description" label="Words shown on the consent page" required="true" help="What the user allows, in plain words, e.g. Read incidents."/>
    <gh:field name="apis" label="APIs it opens" type="textarea" rows="3" help="One API per line, such as table/incident. Leave empty for a scope that opens no API by itself."/>
    <div class="actions">
      <button type="submit" id="save">Save</button>
      <c:if test="${editing}"><a class="button danger" href="${ctx}/admin/scopes/${fn:escapeXml(scope.sysId)}/delete">Delete</a></c:if>
      <a class="button secondary" href="${ctx}/admin/scopes">Cancel</a>
    </div>
  </form>
</gh:console>
