package gatehouse.log;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The one handler of the {@code gatehouse} logger, which every Gatehouse class logs under (installed at start-up by
 * {@link #install}, removed at shutdown). {@code text}: each record, its message preceded by the request id, goes on to
 * the handlers the container gave the loggers above ({@code catalina.log} and the console on Tomcat, {@code server.log}
 * on Payara), which format it as they format everything else. {@code json}: each record is one JSON line on standard
 * output ({@link LogFormat#json}), and the container's handlers do not see it.
 */
public final class RequestLogHandler extends Handler {
    private final Logger gatehouse;
    private final LogFormat format;
    private final PrintStream out;

    private RequestLogHandler(Logger gatehouse, LogFormat format, PrintStream out) {
        this.gatehouse = gatehouse;
        this.format = format;
        this.out = out;
        setLevel(Level.ALL);
    }

    /** Puts the handler on the {@code gatehouse} logger; keep the result (it holds the logger) and {@link #close} it at shutdown. */
    public static RequestLogHandler install(LogFormat format) {
        Logger gatehouse = Logger.getLogger("gatehouse");
        for (Handler h : gatehouse.getHandlers()) if (h instanceof RequestLogHandler) gatehouse.removeHandler(h);
        RequestLogHandler h = new RequestLogHandler(gatehouse, format, System.out);
        gatehouse.addHandler(h);
        gatehouse.setUseParentHandlers(false);
        return h;
    }

    public LogFormat format() { return format; }

    @Override
    public void publish(LogRecord r) {
        if (r == null || !isLoggable(r)) return;
        String id = RequestId.current();
        if (format == LogFormat.JSON) {
            String line = LogFormat.json(r, id, Thread.currentThread().getName());
            synchronized (out) {
                out.print(line);
                out.flush();
            }
            return;
        }
        LogRecord copy = new LogRecord(r.getLevel(), LogFormat.textMessage(r, id));
        copy.setLoggerName(r.getLoggerName());
        copy.setInstant(r.getInstant());
        copy.setThrown(r.getThrown());
        copy.setSourceClassName(r.getSourceClassName());
        copy.setSourceMethodName(r.getSourceMethodName());
        copy.setLongThreadID(r.getLongThreadID());
        copy.setSequenceNumber(r.getSequenceNumber());
        for (Logger l = gatehouse.getParent(); l != null; l = l.getParent()) {
            for (Handler h : l.getHandlers()) h.publish(copy);
            if (!l.getUseParentHandlers()) break;
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    /** Takes the handler off the {@code gatehouse} logger, which logs through the container's handlers again. */
    @Override
    public void close() {
        gatehouse.removeHandler(this);
        gatehouse.setUseParentHandlers(true);
    }
}
