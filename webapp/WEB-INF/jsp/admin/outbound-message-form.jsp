<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<c:set var="editing" value="${not empty message}"/>
<gh:console title="${editing ? 'REST message: '.concat(message.name) : 'New REST message'}">
  <form method="post" action="${ctx}/admin/outbound/messages/${editing ? fn:escapeXml(message.sysId) : 'new'}" class="record-form" novalidate>
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <gh:field name="name" label="Name" required="true"/>
    <gh:field name="description" label="Description"/>
    <gh:field name="endpoint" label="Endpoint" type="url" help="The default URL of its HTTP methods; ${'$'}{name} is replaced by a variable."/>
    <gh:field name="authentication_type" label="Authentication type" type="select" options="no_authentication=No authentication,basic=Basic,oauth2=OAuth 2.0"/>
    <gh:field name="oauth_profile" label="OAuth profile" type="select" options="${profileOptions}"/>
    <gh:field name="basic_user" label="Basic auth user"/>
    <gh:field name="basic_password" label="Basic auth password" type="password" help="${editing && message.passwordSet ? 'A password is kept (never shown). Leave blank to keep it.' : 'Kept encrypted, never shown again.'}"/>
    <div class="actions">
      <button type="submit" id="save">Save</button>
      <c:if test="${editing}"><a class="button danger" href="${ctx}/admin/outbound/messages/${fn:escapeXml(message.sysId)}/delete">Delete</a></c:if>
      <a class="button secondary" href="${ctx}/admin/outbound/messages">Cancel</a>
    </div>
  </form>
  <c:if test="${editing}">
    <c:if test="${not empty message.oauthProfile}">
      <form method="post" action="${ctx}/oauth_initiator.do">
        <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
        <input type="hidden" name="profile" value="${fn:escapeXml(message.oauthProfile)}">
        <button type="submit" class="secondary">Get OAuth Token</button>
      </form>
    </c:if>
    <h2>HTTP methods</h2>
    <ul><c:forEach items="${message.methods}" var="m">
      <li><a href="${ctx}/admin/outbound/methods/${fn:escapeXml(m.sysId)}"><c:out value="${m.name}"/></a> <code><c:out value="${m.method}"/></code> <c:out value="${m.endpoint}"/></li>
    </c:forEach></ul>
    <p><a class="button secondary" href="${ctx}/admin/outbound/methods/new?rest_message=${fn:escapeXml(message.sysId)}">New HTTP method</a></p>
  </c:if>
</gh:console>
