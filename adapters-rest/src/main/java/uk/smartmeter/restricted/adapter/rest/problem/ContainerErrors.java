package uk.smartmeter.restricted.adapter.rest.problem;

import uk.smartmeter.restricted.application.input.FieldViolation;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC also leave as problem+json: requests the security firewall
 * rejects (encoded slashes, backslashes, percent signs, control characters in the path), and any
 * error the servlet container dispatches to {@code /error}.
 */
public final class ContainerErrors {

    private ContainerErrors() {
    }

    /** Let odd paths reach Spring Security's firewall, which rejects them with a problem, instead of Tomcat's HTML page. */
    public static WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatPassesOddPathsOn() {
        return factory -> {
            factory.addConnectorCustomizers(connector -> {
                connector.setEncodedSolidusHandling("passthrough");
                connector.setAllowBackslash(true);
            });
            // what Tomcat refuses before any servlet runs is answered as a problem too, not as its HTML page
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        };
    }

    public static RequestRejectedHandler firewallRejections(ProblemResponses problems) {
        return (request, response, rejected) -> {
            String message = String.valueOf(rejected.getMessage());
            if (message.contains("HTTP method")) {
                response.setHeader("Allow", ALLOWED_METHODS);
                problems.write(response, Problems.problem(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                        "the request could not be served", List.of(new FieldViolation("method", "one of "
                                + ALLOWED_METHODS))));
                return;
            }
            problems.write(response, Problems.problem(HttpStatus.BAD_REQUEST,
                    ApiExceptionHandler.MALFORMED_REQUEST, "the request could not be read",
                    List.of(violation(rejected.getMessage()))));
        };
    }

    /** The methods the API answers; any other (TRACE, CONNECT, made-up ones) is refused before routing. */
    public static final String ALLOWED_METHODS = "DELETE, GET, HEAD, OPTIONS, POST, PUT";

    private static FieldViolation violation(String rejection) {
        if (rejection != null && rejection.startsWith(FirewallRejections.QUERY)) {
            return new FieldViolation("query", "percent-encoded UTF-8 (RFC 3986): a % followed by two hex digits,"
                    + " and no control characters");
        }
        if (rejection != null && rejection.startsWith(FirewallRejections.HEADER)) {
            return new FieldViolation("header " + rejection.substring(FirewallRejections.HEADER.length()),
                    "printable characters (ISO-8859-1 without C0 and C1 controls); Accept a list of media types");
        }
        return new FieldViolation("path", "no encoded slashes, backslashes, percent signs or control characters");
    }

    /** Replaces Spring Boot's /error page and JSON. */
    @Hidden
    @RestController
    public static final class ProblemErrorController implements ErrorController {

        @RequestMapping(path = "/error", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
        public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
            if (request.getAttribute(StoreUnavailable.ATTRIBUTE) != null
                    || request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                    && StoreUnavailable.causes(failure)) {
                // a streamed answer (the history's CSV export) whose store went away before it could start
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).headers(StoreUnavailable.headers())
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(StoreUnavailable.problem());
            }
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            if (code == null) {
                // asked for directly, not dispatched by the container: there is no such resource
                ProblemDetail problem = Problems.problem(HttpStatus.NOT_FOUND, HttpStatus.NOT_FOUND.name(),
                        HttpStatus.NOT_FOUND.getReasonPhrase(), List.of());
                return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(problem);
            }
            HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                    ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
            ProblemDetail problem = Problems.problem(status, status.name(), status.getReasonPhrase(), List.of());
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
    }
}
