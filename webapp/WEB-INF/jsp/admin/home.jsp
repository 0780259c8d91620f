<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<gh:console title="Home">
  <section aria-labelledby="activity-heading">
    <h2 id="activity-heading">The last 24 hours</h2>
    <ul class="figures" id="totals">
      <li><strong id="total-tokens_issued"><c:out value="${totals.tokens_issued}"/></strong> tokens issued</li>
      <li><strong id="total-refusals"><c:out value="${totals.refusals}"/></strong> refusals</li>
      <li><strong id="total-failed_logins"><c:out value="${totals.failed_logins}"/></strong> failed log-ins</li>
      <li><strong id="total-lockouts"><c:out value="${totals.lockouts}"/></strong> lockouts</li>
    </ul>
    <figure class="chart">
      <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${chartWidth} ${chartHeight}"
           width="${chartWidth}" height="${chartHeight}">
        <title id="chart-title">Tokens issued and refusals per hour, last 24 hours (UTC), all nodes</title>
        <desc id="chart-desc">Two bars per hour, tokens issued then refusals, on a scale of 0 to <c:out value="${scale}"/>; the table below has the numbers.</desc>
        <line class="axis" x1="${chartLeft}" y1="${axisY}" x2="${chartWidth}" y2="${axisY}"/>
        <line class="grid" x1="${chartLeft}" y1="${chartTop}" x2="${chartWidth}" y2="${chartTop}"/>
        <line class="grid" x1="${chartLeft}" y1="${chartMid}" x2="${chartWidth}" y2="${chartMid}"/>
        <text class="scale" x="${chartLeft - 4}" y="${chartTop + 4}" text-anchor="end"><c:out value="${scale}"/></text>
        <text class="scale" x="${chartLeft - 4}" y="${chartMid + 4}" text-anchor="end"><c:out value="${halfScale}"/></text>
        <text class="scale" x="${chartLeft - 4}" y="${axisY}" text-anchor="end">0</text>
        <c:forEach items="${hours}" var="h">
          <rect class="bar-tokens" x="${h.x}" y="${h.tokensY}" width="7" height="${h.tokensH}"><title><c:out value="${h.from}"/>: <c:out value="${h.tokens_issued}"/> tokens issued</title></rect>
          <rect class="bar-refusals" x="${h.x2}" y="${h.refusalsY}" width="7" height="${h.refusalsH}"><title><c:out value="${h.from}"/>: <c:out value="${h.refusals}"/> refusals</title></rect>
          <c:if test="${h.tick}"><text class="scale" x="${h.labelX}" y="${axisLabelY}" text-anchor="middle"><c:out value="${h.label}"/></text></c:if>
        </c:forEach>
      </svg>
      <figcaption><span class="key key-tokens"></span> tokens issued <span class="key key-refusals"></span> refusals
        (token, revocation, introspection and device authorization endpoints and the API), per hour (UTC), all nodes. This node's counts are current;
        the other nodes' are at most <c:out value="${flushSeconds}"/> s behind.</figcaption>
    </figure>
    <details>
      <summary>The numbers, hour by hour</summary>
      <div class="table-wrap">
      <table id="activity">
        <caption class="visually-hidden">Events per hour, oldest first, all nodes</caption>
        <thead><tr><th scope="col">Hour (UTC)</th><th scope="col">Tokens issued</th><th scope="col">Refusals</th><th scope="col">Failed log-ins</th><th scope="col">Lockouts</th></tr></thead>
        <tbody>
          <c:forEach items="${hours}" var="h">
            <tr><th scope="row"><c:out value="${h.from}"/></th><td><c:out value="${h.tokens_issued}"/></td><td><c:out value="${h.refusals}"/></td>
              <td><c:out value="${h.failed_logins}"/></td><td><c:out value="${h.lockouts}"/></td></tr>
          </c:forEach>
        </tbody>
      </table>
      </div>
    </details>
  </section>

  <section aria-labelledby="accounts-heading">
    <h2 id="accounts-heading">Failed log-ins and locked accounts</h2>
    <c:choose>
      <c:when test="${empty accounts}"><p id="no-failing-accounts">No account has wrong passwords in a row, and none is locked.</p></c:when>
      <c:otherwise>
        <p><c:out value="${lockedCount}"/> locked; accounts with wrong passwords in a row, most first<c:if test="${fn:length(accounts) >= 20}"> (the first 20)</c:if>:</p>
        <div class="table-wrap">
        <table id="accounts">
          <caption class="visually-hidden">Accounts with failed log-ins</caption>
          <thead><tr><th scope="col">User</th><th scope="col">Wrong passwords in a row</th><th scope="col">State</th></tr></thead>
          <tbody>
            <c:forEach items="${accounts}" var="a">
              <tr<c:if test="${a.locked}"> class="locked"</c:if>>
                <td><c:choose><c:when test="${linkUsers}"><a href="${ctx}/admin/users/${fn:escapeXml(a.sysId)}"><c:out value="${a.userName}"/></a></c:when>
                  <c:otherwise><c:out value="${a.userName}"/></c:otherwise></c:choose></td>
                <td><c:out value="${a.failures}"/></td>
                <td><c:out value="${a.state}"/></td>
              </tr>
            </c:forEach>
          </tbody>
        </table>
        </div>
      </c:otherwise>
    </c:choose>
    <c:if test="${unknownLocked > 0}"><p class="muted" id="unknown-locked"><c:out value="${unknownLocked}"/> user names that belong to no account are locked too (someone guessing names).</p></c:if>
  </section>

  <section aria-labelledby="keys-heading">
    <h2 id="keys-heading">Signing keys due for rotation</h2>
    <c:choose>
      <c:when test="${empty keysDue}"><p id="no-keys-due">No active key is due for rotation in the next 7 days<c:if test="${not empty nextRotation}">; the next is due <c:out value="${nextRotation}"/></c:if>.
        <a href="${ctx}/admin/keys">Signing keys</a></p></c:when>
      <c:otherwise>
        <div class="table-wrap">
        <table id="keys-due">
          <caption class="visually-hidden">Active signing keys due for rotation</caption>
          <thead><tr><th scope="col">kid</th><th scope="col">Algorithm</th><th scope="col">Created</th><th scope="col">Rotation due</th></tr></thead>
          <tbody>
            <c:forEach items="${keysDue}" var="k">
              <tr><td><code><c:out value="${k.kid}"/></code></td><td><c:out value="${k.alg}"/></td><td><c:out value="${k.created}"/></td>
                <td><c:out value="${k.due}"/><c:if test="${k.overdue}"> <strong class="error">(overdue)</strong></c:if></td></tr>
            </c:forEach>
          </tbody>
        </table>
        </div>
        <p>Rotate them on <a href="${ctx}/admin/keys">Signing keys</a> (the scheduled rotation does it by itself when due).</p>
      </c:otherwise>
    </c:choose>
  </section>

  <section aria-labelledby="outbound-heading">
    <h2 id="outbound-heading">Outbound OAuth that needs a person</h2>
    <c:choose>
      <c:when test="${empty outboundAttention}"><p id="no-outbound-attention">No outbound credential needs a person, and no refresh failed.</p></c:when>
      <c:otherwise>
        <div class="table-wrap">
        <table id="outbound-attention">
          <caption class="visually-hidden">Outbound OAuth credentials that need attention</caption>
          <thead><tr><th scope="col">Profile</th><th scope="col">Held by</th><th scope="col">What is wrong</th></tr></thead>
          <tbody>
            <c:forEach items="${outboundAttention}" var="o">
              <tr><td><a href="${ctx}/admin/outbound/profiles/${fn:escapeXml(o.profileSysId)}"><c:out value="${o.profile}"/></a></td>
                <td><c:out value="${o.holder}"/></td>
                <td><c:if test="${o.needsPerson}"><strong>Needs Get OAuth Token.</strong> </c:if><c:out value="${o.lastError}"/></td></tr>
            </c:forEach>
          </tbody>
        </table>
        </div>
        <p><a href="${ctx}/admin/outbound/credentials">OAuth credentials</a></p>
      </c:otherwise>
    </c:choose>
  </section>
</gh:console>
