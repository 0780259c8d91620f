<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="CORS rules">
  <p>A CORS rule lets a browser app on another origin call the Table API or the Attachment API, with the methods and headers it lists.
    Such calls authenticate with a bearer token only, never Basic credentials or a session cookie.</p>
  <p><a class="button" href="${ctx}/admin/cors_rules/new">New</a></p>
  <div class="table-wrap">
  <table>
    <caption class="visually-hidden">CORS rules</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">REST API</th><th scope="col">Domain</th><th scope="col">HTTP methods</th><th scope="col">Active</th></tr></thead>
    <tbody>
      <c:forEach items="${rows}" var="r">
        <tr>
          <td><a href="${ctx}/admin/cors_rules/${fn:escapeXml(r.sysId)}"><c:out value="${r.name}"/></a></td>
          <td><c:out value="${r.restApi}"/></td>
          <td><code><c:out value="${r.domain}"/></code></td>
          <td><c:out value="${r.methods}"/></td>
          <td><c:out value="${r.active ? 'true' : 'false'}"/></td>
        </tr>
      </c:forEach>
    </tbody>
  </table>
  </div>
</gh:console>
