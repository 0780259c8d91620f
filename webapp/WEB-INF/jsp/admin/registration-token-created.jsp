<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Registration token created">
  <dl class="facts">
    <dt>Name</dt><dd><c:out value="${token.name}"/></dd>
    <dt>Expires</dt><dd><c:out value="${token.expires}"/></dd>
  </dl>
  <div class="secret-box">
    <label for="initial-access-token">Initial access token</label>
    <input type="text" id="initial-access-token" class="secret" readonly value="${fn:escapeXml(tokenValue)}" aria-describedby="token-help">
    <button type="button" class="secondary copy-button" data-copy="initial-access-token" hidden>Copy</button>
    <p id="token-help" class="notice">This is the only time the token is shown: Gatehouse stores only a hash of it. The client sends it
      as <code>Authorization: Bearer …</code> to <code>/oauth_register.do</code>.</p>
  </div>
  <p class="actions"><a class="button secondary" href="${ctx}/admin/registration_tokens">Back to the registration tokens</a></p>
</gh:console>
