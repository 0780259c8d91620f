<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="New application">
  <p>What kind of application do you want to register?</p>
  <ul class="choices">
    <c:forEach items="${kinds}" var="k">
      <li><a class="choice" href="${ctx}/admin/applications/new?kind=${fn:escapeXml(k.id)}"><strong><c:out value="${k.label}"/></strong>
        <span class="muted"><c:out value="${k.description}"/></span></a></li>
    </c:forEach>
    <li><a class="choice" href="${ctx}/admin/applications/new?kind=oidc_provider"><strong>Configure an OIDC provider to verify ID tokens</strong>
      <span class="muted">The API accepts ID tokens that your identity provider (Okta, Entra ID, Keycloak, Google, …) issued, acting as the user they name.</span></a></li>
    <li><a class="choice" href="${ctx}/admin/outbound/providers/new"><strong>Connect to a third-party OAuth provider</strong>
      <span class="muted">Gatehouse as the OAuth client of another server: its tokens for REST messages, kept and refreshed here.</span></a></li>
  </ul>
  <p><a href="${ctx}/admin/applications">Back to the Application Registry</a></p>
</gh:console>
