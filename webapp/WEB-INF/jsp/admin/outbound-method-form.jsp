<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<c:set var="editing" value="${not empty method}"/>
<gh:console title="${editing ? 'HTTP method: '.concat(method.name) : 'New HTTP method'}">
  <p>REST message: <a href="${ctx}/admin/outbound/messages/${fn:escapeXml(message.sysId)}"><c:out value="${message.name}"/></a></p>
  <form method="post" action="${ctx}/admin/outbound/methods/${editing ? fn:escapeXml(method.sysId) : 'new'}${editing ? '' : '?rest_message='.concat(fn:escapeXml(message.sysId))}" class="record-form" novalidate>
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <gh:field name="name" label="Name" required="true"/>
    <gh:field name="http_method" label="HTTP method" type="select" options="${methodOptions}"/>
    <gh:field name="endpoint" label="Endpoint" type="url" help="Leave empty to use the REST message's endpoint."/>
    <gh:field name="headers" label="HTTP headers" type="textarea" rows="3" help="A JSON object, e.g. {&quot;Accept&quot;:&quot;application/json&quot;}."/>
    <gh:field name="query_parameters" label="HTTP query parameters" type="textarea" rows="3" help="A JSON object of name to value template."/>
    <gh:field name="content" label="Content" type="textarea" rows="6" help="The request body template."/>
    <div class="actions">
      <button type="submit" id="save">Save</button>
      <c:if test="${editing}"><a class="button danger" href="${ctx}/admin/outbound/methods/${fn:escapeXml(method.sysId)}/delete">Delete</a></c:if>
      <a class="button secondary" href="${ctx}/admin/outbound/messages/${fn:escapeXml(message.sysId)}">Cancel</a>
    </div>
  </form>
  <c:if test="${editing}">
    <h2>Test</h2>
    <form method="post" action="${ctx}/admin/outbound/methods/${fn:escapeXml(method.sysId)}/test" class="record-form">
      <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
      <label for="variables">Variables (one name=value per line)</label>
      <textarea id="variables" name="variables" rows="3"><c:out value="${variables}"/></textarea>
      <div class="actions"><button type="submit" id="test">Test</button></div>
    </form>
    <c:if test="${not empty result}">
      <section id="test-result">
        <c:choose>
          <c:when test="${result.ok}"><p class="ok">HTTP status <strong><c:out value="${result.status}"/></strong> in <c:out value="${result.elapsed}"/> ms<c:if test="${result.refreshed}">; the access token was fetched or refreshed</c:if>.</p></c:when>
          <c:otherwise>
            <p class="error"><c:out value="${result.message}"/></p>
            <c:if test="${not empty result.profile}"><form method="post" action="${ctx}/oauth_initiator.do">
              <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
              <input type="hidden" name="profile" value="${fn:escapeXml(result.profile)}">
              <button type="submit">Get OAuth Token</button></form></c:if>
          </c:otherwise>
        </c:choose>
        <c:if test="${not empty result.headers}"><h3>Response headers</h3><pre><c:out value="${result.headers}"/></pre></c:if>
        <c:if test="${not empty result.body}"><h3>Response body</h3><pre class="detail"><c:out value="${result.body}"/></pre></c:if>
      </section>
    </c:if>
  </c:if>
</gh:console>
