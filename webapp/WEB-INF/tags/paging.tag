<%@ tag body-content="empty" pageEncoding="UTF-8" description="Previous / next links of a paged list" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<nav class="paging" aria-label="Pages">
  <c:if test="${not empty requestScope.prevQuery}"><a href="${fn:escapeXml(requestScope.prevQuery)}" rel="prev">Previous page</a></c:if>
  <span>Page <c:out value="${requestScope.pageNumber}"/> of <c:out value="${requestScope.pageCount}"/> (<c:out value="${requestScope.total}"/> in all)</span>
  <c:if test="${not empty requestScope.nextQuery}"><a href="${fn:escapeXml(requestScope.nextQuery)}" rel="next">Next page</a></c:if>
</nav>
