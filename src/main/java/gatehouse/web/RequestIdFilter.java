package gatehouse.web;

import gatehouse.log.RequestId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * Gives every request an id, first of all filters ({@code web.xml}, on every dispatch: the error page's too). The
 * {@code X-Request-Id} a trusted proxy ({@code gatehouse.proxy.trusted}) sends is kept when it is one well-formed value
 * ({@link RequestId#wellFormed}); anyone else's, or a malformed one, is replaced by a new random id. The id is echoed in
 * the response's {@code X-Request-Id} and is this thread's {@link RequestId} while the request runs, so that every log
 * line written meanwhile carries it.
 */
public class RequestIdFilter extends HttpFilter {
    static final String ATTRIBUTE = RequestId.class.getName();

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        String id = req.getAttribute(ATTRIBUTE) instanceof String s ? s : null;   // an error or forward dispatch: the same id
        if (id == null) {
            id = incoming(req);
            req.setAttribute(ATTRIBUTE, id);
        }
        if (!res.isCommitted()) res.setHeader(RequestId.HEADER, id);
        String previous = RequestId.enter(id);
        try {
            chain.doFilter(req, res);
        } finally {
            RequestId.restore(previous);
        }
    }

    /** The trusted proxy's id when it sent exactly one well-formed one, else a new one. */
    static String incoming(HttpServletRequest req) {
        var headers = req.getHeaders(RequestId.HEADER);
        List<String> sent = headers == null ? List.of() : Collections.list(headers);
        if (sent.size() == 1 && RequestId.wellFormed(sent.get(0)) && ClientAddress.peerIsTrustedProxy(req)) return sent.get(0);
        return RequestId.generate();
    }
}
