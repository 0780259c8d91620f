<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="gh" tagdir="/WEB-INF/tags" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<c:set var="editing" value="${not empty user}"/>
<gh:console title="${editing ? 'User: '.concat(user.userName) : 'New user'}">
  <c:if test="${editing}"><p class="muted">Created <c:out value="${user.created}"/>; last changed <c:out value="${user.updated}"/>.</p></c:if>
  <c:if test="${editing and user.lockedOut}">
    <form method="post" action="${ctx}/admin/users/${fn:escapeXml(user.sysId)}/unlock" class="notice locked">
      <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
      <p>This account is locked out<c:if test="${not empty user.lockedUntil}"> until <c:out value="${user.lockedUntil}"/></c:if>
        (<c:out value="${user.failedAttempts}"/> failed log-in attempts in a row).</p>
      <button type="submit" id="unlock">Unlock</button>
    </form>
  </c:if>
  <form method="post" action="${ctx}/admin/users/${editing ? fn:escapeXml(user.sysId) : 'new'}" class="record-form" novalidate>
    <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
    <fieldset>
      <legend>Account</legend>
      <gh:field name="user_name" label="User name" required="true" help="Letters, digits and . _ @ + -"/>
      <gh:field name="first_name" label="First name"/>
      <gh:field name="last_name" label="Last name"/>
      <gh:field name="email" label="Email" type="email"/>
      <c:if test="${not editing}">
        <gh:field name="user_password" label="Password" type="password" help="At least the length the password policy asks for; leave empty for an account that cannot log in yet."/>
        <gh:field name="user_password_confirm" label="Password again" type="password"/>
      </c:if>
    </fieldset>
    <fieldset class="group${not empty errors.roles ? ' has-error' : ''}">
      <legend>Roles</legend>
      <c:forEach items="${knownRoles}" var="role">
        <div class="field checkbox">
          <input type="checkbox" id="role-${role}" name="roles" value="${role}"${form.roles.contains(role) ? ' checked' : ''}>
          <label for="role-${role}"><code>${role}</code><span class="muted">${role == 'admin' ? ' everything, including users and settings' : role == 'oauth_admin' ? ' the Application Registry, scopes, tokens, keys and audit log' : ' may create and change incidents'}</span></label>
        </div>
      </c:forEach>
      <gh:field name="other_roles" label="Other roles" help="Any further roles, separated by commas (a-z, 0-9 and . _ -)."/>
      <c:if test="${not empty errors.roles}"><p class="field-error">Roles <c:out value="${errors.roles}"/></p></c:if>
    </fieldset>
    <fieldset>
      <legend>Status</legend>
      <gh:field name="active" label="Active" type="checkbox" help="An inactive user cannot log in, and their tokens stop working."/>
      <c:if test="${editing}">
        <gh:field name="locked_out" label="Locked out" type="checkbox" help="Keeps the user out until cleared; set after too many failed log-ins when gatehouse.login.lockout.permanent is true (else such a lockout ends by itself). Clear it (or use Unlock) to let the user log in again."/>
      </c:if>
    </fieldset>
    <div class="actions">
      <button type="submit" id="save">Save</button>
      <a class="button secondary" href="${ctx}/admin/users">Cancel</a>
    </div>
  </form>
  <c:if test="${editing}">
    <form method="post" action="${ctx}/admin/users/${fn:escapeXml(user.sysId)}/password" class="record-form" novalidate>
      <input type="hidden" name="csrf_token" value="${fn:escapeXml(csrfToken)}">
      <fieldset>
        <legend>Set password</legend>
        <gh:field name="user_password" label="New password" type="password" help="The same strength rules as everywhere in Gatehouse."/>
        <gh:field name="user_password_confirm" label="New password again" type="password"/>
        <button type="submit" id="set-password" class="secondary">Set password</button>
      </fieldset>
    </form>
  </c:if>
</gh:console>
