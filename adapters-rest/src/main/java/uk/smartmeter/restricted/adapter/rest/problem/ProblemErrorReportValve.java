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

    /**
     * The field and rule Tomcat's refusal broke, from its status and (when it kept one) its reason. Fixed
     * texts only: nothing of the request or of the exception is echoed.
     */
    static String[] violation(int status, Throwable failure) {
        String reason = failure == null ? "" : String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (status == 501) {
            return new String[] {"method", "one of " + ContainerErrors.ALLOWED_METHODS};
        }
        if (status == 505) {
            return new String[] {"version", "HTTP/1.1 or HTTP/1.0"};
        }
        if (status == 431 || reason.contains("header")) {
            return new String[] {"headers", "header lines of visible ASCII as name: value, at most 8 KB in all"
                    + " (a bearer token included)"};
        }
        if (status == 413) {
            return new String[] {"body", "within the size limit"};
        }
        if (status == 400 && failure == null) {
            return new String[] {"request", "an HTTP/1.1 request line and headers: an ASCII request target"
                    + " percent-encoded as RFC 3986 says (no NUL, no raw non-ASCII byte), header lines of name: value,"
                    + " at most 8 KB of headers in all"};
        }
        return new String[] {"path", "a request target of ASCII characters, percent-encoded as RFC 3986 says"};
    }

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
            String[] violation = violation(status, failure);
            Writer out = response.getReporter();
            if (out != null) {
                out.write("{\"type\":\"" + Problems.TYPE_PREFIX + code.toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '-') + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"code\":\""
                        + code + "\",\"errors\":[{\"field\":\"" + violation[0] + "\",\"rule\":\"" + violation[1]
                        + "\"}]}");
                out.flush();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the connection is gone or the answer was started: nothing more can be said
        }
    }
}
