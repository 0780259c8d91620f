<%@ tag body-content="empty" pageEncoding="UTF-8" description="One labelled form field with its help text and error, from requestScope.form and requestScope.errors" %>
<%@ attribute name="name" required="true" %>
<%@ attribute name="label" required="true" %>
<%@ attribute name="help" %>
<%@ attribute name="type" %>
<%@ attribute name="options" description="select: value=Label,value=Label" %>
<%@ attribute name="required" type="java.lang.Boolean" %>
<%@ attribute name="rows" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<c:set var="id" value="f-${fn:escapeXml(name)}"/>
<c:set var="value" value="${requestScope.form[name]}"/>
<c:set var="error" value="${requestScope.errors[name]}"/>
<c:set var="described"><c:if test="${not empty help}">h-${fn:escapeXml(name)}</c:if><c:if test="${not empty error}"> e-${fn:escapeXml(name)}</c:if></c:set>
<div class="field${not empty error ? ' has-error' : ''}${type == 'checkbox' ? ' checkbox' : ''}">
<c:choose>
  <c:when test="${type == 'checkbox'}">
    <input type="checkbox" id="${id}" name="${fn:escapeXml(name)}" value="true"${value == true ? ' checked' : ''}${not empty described ? ' aria-describedby="'.concat(fn:trim(described)).concat('"') : ''}${not empty error ? ' aria-invalid="true"' : ''}>
    <label for="${id}">${fn:escapeXml(label)}</label>
  </c:when>
  <c:when test="${type == 'textarea'}">
    <label for="${id}">${fn:escapeXml(label)}${required ? ' (required)' : ''}</label>
    <textarea id="${id}" name="${fn:escapeXml(name)}" rows="${empty rows ? 4 : fn:escapeXml(rows)}"${not empty described ? ' aria-describedby="'.concat(fn:trim(described)).concat('"') : ''}${not empty error ? ' aria-invalid="true"' : ''}>${fn:escapeXml(value)}</textarea>
  </c:when>
  <c:when test="${type == 'select'}">
    <label for="${id}">${fn:escapeXml(label)}</label>
    <select id="${id}" name="${fn:escapeXml(name)}"${not empty described ? ' aria-describedby="'.concat(fn:trim(described)).concat('"') : ''}${not empty error ? ' aria-invalid="true"' : ''}>
      <c:forTokens items="${options}" delims="," var="option">
        <c:set var="optionValue" value="${fn:substringBefore(option, '=')}"/>
        <option value="${fn:escapeXml(optionValue)}"${optionValue == value ? ' selected' : ''}>${fn:escapeXml(fn:substringAfter(option, '='))}</option>
      </c:forTokens>
    </select>
  </c:when>
  <c:otherwise>
    <label for="${id}">${fn:escapeXml(label)}${required ? ' (required)' : ''}</label>
    <input type="${empty type ? 'text' : fn:escapeXml(type)}" id="${id}" name="${fn:escapeXml(name)}" value="${fn:escapeXml(value)}"${required ? ' required' : ''}${not empty described ? ' aria-describedby="'.concat(fn:trim(described)).concat('"') : ''}${not empty error ? ' aria-invalid="true"' : ''}>
  </c:otherwise>
</c:choose>
<c:if test="${not empty help}"><p class="help" id="h-${fn:escapeXml(name)}">${fn:escapeXml(help)}</p></c:if>
<c:if test="${not empty error}"><p class="field-error" id="e-${fn:escapeXml(name)}">${fn:escapeXml(label)} ${fn:escapeXml(error)}</p></c:if>
</div>
