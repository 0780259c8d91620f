<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<c:set var="editing" value="${not empty rule}"/>
<gh:console title="${editing ? 'CORS rule: '.concat(rule.name) : 'New CORS rule'}">
  <form method="post" action="${ctx}/admin/cors_rules/${editing ? fn:escapeXml(rule.sysId) : 'new'}" class="record-form" novalidate>
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <gh:field name="name" label="Name" required="true" help="A name for this rule."/>
    <gh:field name="rest_api" label="REST API" type="select" options="table=Table API,attachment=Attachment API"
              help="The API this rule opens to the domain."/>
    <gh:field name="domain" label="Domain" required="true"
              help="The origin allowed: http:// or https:// and a domain, such as https://app.example.com, https://*.example.com (every subdomain) or http://localhost:5173. No path."/>
    <fieldset class="group${not empty errors.http_method ? ' has-error' : ''}" aria-describedby="h-http_method">
      <legend>HTTP methods</legend>
      <p class="help" id="h-http_method">The methods the domain may use.</p>
      <c:forEach items="${methods}" var="m" varStatus="st">
        <div class="field checkbox">
          <input type="checkbox" id="method-${st.index}" name="http_method" value="${fn:escapeXml(m)}"${form.http_method.contains(m) ? ' checked' : ''}>
          <label for="method-${st.index}"><c:out value="${m}"/></label>
        </div>
      </c:forEach>
      <c:if test="${not empty errors.http_method}"><p class="field-error">HTTP methods <c:out value="${errors.http_method}"/></p></c:if>
    </fieldset>
    <gh:field name="allowed_headers" label="Allowed headers"
              help="Request headers the browser may send, separated by commas (Authorization carries the bearer token)."/>
    <gh:field name="exposed_headers" label="Exposed headers"
              help="Response headers the page may read, separated by commas, such as X-Total-Count, Link."/>
    <gh:field name="max_age" label="Max age" type="number" help="Seconds a browser may remember the answer to its preflight (0 to 86400)."/>
    <gh:field name="active" label="Active" type="checkbox"/>
    <div class="actions">
      <button type="submit" id="save">Save</button>
      <c:if test="${editing}"><a class="button danger" href="${ctx}/admin/cors_rules/${fn:escapeXml(rule.sysId)}/delete">Delete</a></c:if>
      <a class="button secondary" href="${ctx}/admin/cors_rules">Cancel</a>
    </div>
  </form>
</gh:console>
