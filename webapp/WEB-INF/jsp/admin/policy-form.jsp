<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="REST API access policy: ${app.name}">
  <form method="post" action="${ctx}/admin/policies/${fn:escapeXml(app.sysId)}" class="record-form" novalidate>
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <gh:field name="enforce_token_restriction" label="Enforce token restriction" type="checkbox"
              help="The Enforce token restriction option limits the client to accessing only the APIs specified in the REST API Access Policies. If you unselect it, the client can access other REST APIs based on the user ACL permissions."/>
    <gh:field name="api_access_policies" label="APIs allowed" type="textarea" rows="5" help="One API per line, such as table/incident."/>
    <div class="actions">
      <button type="submit" id="save">Save</button>
      <a class="button secondary" href="${ctx}/admin/policies">Cancel</a>
    </div>
  </form>
</gh:console>
