<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Registration tokens">
  <p>An initial access token lets a client register itself at <code>/oauth_register.do</code> (dynamic client registration, RFC 7591).
    Registration is <strong><c:out value="${mode}"/></strong> on this server (setting <code>gatehouse.registration</code>);
    these tokens are asked for when it is <code>token</code>.</p>
  <p><a class="button" href="${ctx}/admin/registration_tokens/new">New</a></p>
  <div class="table-wrap">
  <table>
    <caption class="visually-hidden">Registration tokens</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Created by</th><th scope="col">Expires</th><th scope="col">Uses</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
    <tbody>
      <c:forEach items="${rows}" var="r">
        <tr>
          <td><c:out value="${r.name}"/></td>
          <td><c:out value="${r.createdBy}"/></td>
          <td><c:out value="${r.expires}"/></td>
          <td><c:out value="${r.uses}"/></td>
          <td><c:out value="${r.state}"/></td>
          <td><c:if test="${r.revocable}"><a href="${ctx}/admin/registration_tokens/${fn:escapeXml(r.sysId)}/revoke">Revoke</a></c:if></td>
        </tr>
      </c:forEach>
    </tbody>
  </table>
  </div>
</gh:console>
