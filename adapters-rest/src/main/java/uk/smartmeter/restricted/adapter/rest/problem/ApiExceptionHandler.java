package uk.smartmeter.restricted.adapter.rest.problem;

import uk.smartmeter.restricted.application.input.ApiProblem;

import uk.smartmeter.restricted.application.input.Utf8Check;

import uk.smartmeter.restricted.application.input.FieldViolation;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.application.input.MalformedDocument;
import uk.smartmeter.restricted.application.input.PayloadTooLarge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;

/**
 * Every error leaves as RFC 9457 problem+json naming the code and, for bad input, the field and the
 * rule: never a stack trace. Bad input from an authenticated party is recorded as a refusal.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    public static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";
    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final RecordRefusalUseCase refusals;
    private final MeterRegistry meters;

    private final java.util.function.Supplier<java.util.Optional<uk.smartmeter.restricted.domain.device.Actor>> caller;

    /** @param caller who sent the request being answered, as best it is known (empty when anonymous) */
    public ApiExceptionHandler(RecordRefusalUseCase refusals, MeterRegistry meters,
                               java.util.function.Supplier<java.util.Optional<uk.smartmeter.restricted.domain.device.Actor>>
                                       caller) {
        this.caller = caller;
        this.refusals = refusals;
        this.meters = meters;
    }

    @ExceptionHandler(Rejection.class)
    ResponseEntity<Object> rejected(Rejection rejection) {
        return respond(Problems.refusal(rejection.code(), rejection.getMessage()));
    }

    /** The history's tree lacks a node it needs: a 409 naming it, never a 500 (the verification names it too). */
    @ExceptionHandler(uk.smartmeter.restricted.application.port.in.TreeProofs.Damaged.class)
    ResponseEntity<Object> treeDamaged(uk.smartmeter.restricted.application.port.in.TreeProofs.Damaged damaged,
                                       HttpServletRequest request) {
        record(request, ServiceRefusal.HISTORY_TREE_DAMAGED, damaged.getMessage());
        return respond(Problems.refusal(ServiceRefusal.HISTORY_TREE_DAMAGED, damaged.getMessage()));
    }

    @ExceptionHandler(InvalidRequest.class)
    ResponseEntity<Object> invalid(InvalidRequest invalid, HttpServletRequest request) {
        record(request, ApiProblem.INVALID_REQUEST, invalid.violations().toString());
        return respond(Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, ApiProblem.INVALID_REQUEST.name(),
                "the request breaks " + invalid.violations().size() + " field rule(s)", invalid.violations()));
    }

    @ExceptionHandler(MalformedDocument.class)
    ResponseEntity<Object> malformedDocument(MalformedDocument malformed, HttpServletRequest request) {
        return malformed(request, HttpStatus.BAD_REQUEST, malformed.field(), malformed.rule());
    }

    @ExceptionHandler(PayloadTooLarge.class)
    ResponseEntity<Object> tooLarge(PayloadTooLarge tooLarge, HttpServletRequest request) {
        return malformed(request, HttpStatus.PAYLOAD_TOO_LARGE, "body", tooLarge.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception failure, HttpServletRequest request) {
        if (StoreUnavailable.causes(failure)) {
            LOG.warn("store unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), failure.toString());
            request.setAttribute(StoreUnavailable.ATTRIBUTE, Boolean.TRUE);
            ProblemDetail problem = StoreUnavailable.problem();
            count(problem);
            return ResponseEntity.status(problem.getStatus()).headers(StoreUnavailable.headers()).body(problem);
        }
        if (org.springframework.web.util.DisconnectedClientHelper.isClientDisconnectedException(failure)) {
            // the client went away mid-request (an upload cut off, a closed socket): nobody is left to answer,
            // and it is not the service's fault
            LOG.info("client gone on {} {}: {}", request.getMethod(), request.getRequestURI(), failure.toString());
            return null;
        }
        LOG.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), failure);
        if (committed(request)) {
            // part of the body is on its way (a form found altered as it was streamed): the connection is cut, so
            // that the client sees a transfer that did not end, never a clean end with a problem appended
            throw new IllegalStateException("the response was already under way", failure);
        }
        return respond(Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "the service failed to handle this request; nothing was changed by the failure", List.of()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException unreadable,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String rule = "a JSON body is required";
        for (Throwable cause = unreadable.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLarge tooLarge) {
                return tooLarge(tooLarge, servlet(request));
            }
            if (cause instanceof Utf8Check.NotUtf8 notUtf8) {
                return malformed(servlet(request), HttpStatus.BAD_REQUEST, "body",
                        "must be UTF-8 (with no NUL byte): byte " + notUtf8.offset() + " is not");
            }
            if (cause instanceof JsonProcessingException json) {
                FieldViolation syntax = JsonFaults.syntax(json, "body");
                if (syntax != null) {
                    return malformed(servlet(request), HttpStatus.BAD_REQUEST, syntax.field(), syntax.rule());
                }
            }
            if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                return malformed(servlet(request), HttpStatus.BAD_REQUEST, JsonFaults.pathOf(mapping),
                        JsonFaults.ruleOf(mapping));
            }
            if (cause instanceof JsonProcessingException) {
                rule = "must be valid JSON";
            }
            if (cause instanceof MalformedDocument document) {
                return malformed(servlet(request), HttpStatus.BAD_REQUEST, document.field(), document.rule());
            }
        }
        return malformed(servlet(request), HttpStatus.BAD_REQUEST, "body", rule);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException mismatch, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = mismatch instanceof MethodArgumentTypeMismatchException argument
                ? argument.getName() : String.valueOf(mismatch.getPropertyName());
        Class<?> required = mismatch.getRequiredType();
        String rule = required != null && required.isEnum()
                ? "one of " + Arrays.toString(required.getEnumConstants()) : "wrong type";
        return malformed(servlet(request), HttpStatus.BAD_REQUEST, field, rule);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException missing,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return malformed(servlet(request), HttpStatus.BAD_REQUEST, missing.getParameterName(), "required");
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Object> missingHeader(MissingRequestHeaderException missing, HttpServletRequest request) {
        return malformed(request, HttpStatus.BAD_REQUEST, missing.getHeaderName(), "required");
    }

    /** Framework errors (404, 405, 406, 415, ...) get a stable type from their status. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception failure, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String code = known == null ? "HTTP_" + status.value() : known.name();
        String detail = body instanceof ProblemDetail problem && problem.getDetail() != null
                ? problem.getDetail() : code;
        ProblemDetail problem = Problems.problem(known == null ? HttpStatus.BAD_REQUEST : known, code, detail, List.of());
        return ResponseEntity.status(status).headers(headers).body(problem);
    }

    private ResponseEntity<Object> malformed(HttpServletRequest request, HttpStatus status, String field, String rule) {
        List<FieldViolation> errors = List.of(new FieldViolation(field, rule));
        record(request, ApiProblem.INVALID_REQUEST, field + ": " + rule);
        return respond(Problems.problem(status, MALFORMED_REQUEST, "the request could not be read", errors));
    }

    private ResponseEntity<Object> respond(ProblemDetail problem) {
        count(problem);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private void count(ProblemDetail problem) {
        meters.counter("restricted.api.problems", "code", String.valueOf(problem.getProperties().get("code")),
                "status", String.valueOf(problem.getStatus())).increment();
    }

    private void record(HttpServletRequest request, uk.smartmeter.restricted.domain.device.RefusalReason code, String detail) {
        caller.get().ifPresent(actor -> refusals.recordRefusal(deviceIn(request), actor,
                requestName(request), code, detail));
    }

    private static DeviceId deviceIn(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("deviceId") instanceof String raw) {
            try {
                return DeviceId.of(raw);
            } catch (IllegalArgumentException notAnId) {
                return null;
            }
        }
        return null;
    }

    private static String requestName(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return request.getMethod() + " " + (pattern != null ? pattern : request.getRequestURI());
    }

    private static HttpServletRequest servlet(WebRequest request) {
        return ((ServletWebRequest) request).getRequest();
    }

    private static boolean committed(HttpServletRequest request) {
        Object response = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
                instanceof org.springframework.web.context.request.ServletRequestAttributes attributes
                ? attributes.getResponse() : null;
        return response instanceof jakarta.servlet.http.HttpServletResponse servlet && servlet.isCommitted();
    }
}
