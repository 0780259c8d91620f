<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Settings">
  <p>Each setting is read from a system property, then an environment variable, then a JNDI <code>env-entry</code>, then its default.
    Change them in the server's configuration and restart. Secrets are shown only as set or not set.</p>
  <p>Effective issuer: <code><c:out value="${issuer}"/></code><c:if test="${not issuerConfigured}"> (gatehouse.issuer is not set: derived for each request from this machine's loopback only; requests to any other address are refused)</c:if></p>
  <div class="table-wrap">
  <table>
    <caption class="visually-hidden">Settings</caption>
    <thead><tr><th scope="col">Setting</th><th scope="col">Value</th><th scope="col">Source</th><th scope="col">Meaning</th></tr></thead>
    <tbody>
      <c:forEach items="${rows}" var="r">
        <tr>
          <td><code><c:out value="${r.name}"/></code><c:if test="${not empty r.env}"><br><span class="muted">env <c:out value="${r.env}"/></span></c:if></td>
          <td><c:choose><c:when test="${r.secret}"><em><c:out value="${r.value}"/></em></c:when><c:otherwise><code><c:out value="${r.value}"/></code></c:otherwise></c:choose></td>
          <td><c:out value="${r.source}"/></td>
          <td><c:out value="${r.meaning}"/></td>
        </tr>
      </c:forEach>
    </tbody>
  </table>
  </div>
</gh:console>
