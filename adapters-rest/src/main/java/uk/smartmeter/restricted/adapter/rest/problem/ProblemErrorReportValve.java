package uk.smartmeter.restricted.adapter.rest.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error report, for what it refuses before any servlet runs (a request target it cannot
 * decode, a NUL or raw non-ASCII byte in it): written as problem+json, never as Tomcat's HTML page, and
 * with no stack trace.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable failure) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            String code = status == 400 ? ApiExceptionHandler.MALFORMED_REQUEST : "HTTP_" + status;
            String title = status == 400 ? "the request could not be read" : "the request could not be served";
            Writer out = response.getReporter();
            if (out != null) {
                out.write("{\"type\":\"" + Problems.TYPE_PREFIX + code.toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '-') + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"code\":\""
                        + code + "\",\"errors\":[{\"field\":\"path\",\"rule\":\"a request target of ASCII characters,"
                        + " percent-encoded as RFC 3986 says\"}]}");
                out.flush();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the connection is gone or the answer was started: nothing more can be said
        }
    }
}
