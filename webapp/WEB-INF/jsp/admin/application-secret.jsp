<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="${pageTitle}">
  <dl class="facts">
    <dt>Name of OAuth entity</dt><dd><c:out value="${app.name}"/></dd>
    <dt>Client ID</dt><dd><code id="client-id"><c:out value="${app.clientId}"/></code></dd>
  </dl>
  <c:choose>
    <c:when test="${not empty clientSecret}">
      <div class="secret-box">
        <label for="client-secret">Client Secret</label>
        <input type="text" id="client-secret" class="secret" readonly value="${fn:escapeXml(clientSecret)}" aria-describedby="secret-help">
        <button type="button" class="secondary copy-button" data-copy="client-secret" hidden>Copy</button>
        <p id="secret-help" class="notice">This is the only time the secret is shown. Copy it now and keep it safe:
          Gatehouse stores only a hash of it. If it is lost, use <em>Regenerate secret</em>.</p>
      </div>
    </c:when>
    <c:otherwise><p>This is a public client: it has no client secret and must use PKCE.</p></c:otherwise>
  </c:choose>
  <p class="actions"><a class="button" href="${ctx}/admin/applications/${fn:escapeXml(app.sysId)}">Open the application</a>
    <a class="button secondary" href="${ctx}/admin/applications">Back to the Application Registry</a></p>
</gh:console>
