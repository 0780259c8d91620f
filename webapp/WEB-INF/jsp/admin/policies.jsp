<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="REST API access policies">
  <p>With <em>Enforce token restriction</em> on, an application's tokens may call only the APIs of its policy; off, they may call any API the user may use.</p>
  <div class="table-wrap">
  <table>
    <caption class="visually-hidden">REST API access policies</caption>
    <thead><tr><th scope="col">Application</th><th scope="col">Enforce token restriction</th><th scope="col">APIs allowed</th></tr></thead>
    <tbody>
      <c:forEach items="${rows}" var="r">
        <tr>
          <td><a href="${ctx}/admin/policies/${fn:escapeXml(r.sysId)}"><c:out value="${r.name}"/></a></td>
          <td>${r.enforced ? 'On' : 'Off'}</td>
          <td><c:out value="${empty r.apis ? '—' : r.apis}"/></td>
        </tr>
      </c:forEach>
    </tbody>
  </table>
  </div>
  <gh:paging/>
</gh:console>
