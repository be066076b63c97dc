package uk.smartmeter.restricted.adapter.rest.problem;

import uk.smartmeter.restricted.application.input.ApiProblem;

import uk.smartmeter.restricted.application.input.FieldViolation;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.RefusalReason;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;

/**
 * RFC 9457 problems with one stable type URI per refusal code: {@code urn:restricted-mode:problem:<code>},
 * for example {@code urn:restricted-mode:problem:prepayment-mode}. Each carries {@code code} and, for
 * field errors, {@code errors: [{field, rule}]}.
 *
 * <p>{@code NOT_RESPONSIBLE_SUPPLIER} is answered exactly like {@code DEVICE_NOT_ENROLLED}
 * ({@code device-not-found}, 404), so that nobody learns whether a meter they have no business with
 * exists; the true code is still recorded for regulators.
 */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:restricted-mode:problem:";
    public static final String DEVICE_NOT_FOUND = "DEVICE_NOT_FOUND";

    private static final Map<RefusalReason, HttpStatus> STATUS = Map.ofEntries(
            Map.entry(RefusalCode.NOT_DCC_SYSTEM, HttpStatus.FORBIDDEN),
            Map.entry(ApiProblem.ROLE_NOT_PERMITTED, HttpStatus.FORBIDDEN),
            Map.entry(ApiProblem.NOT_YOUR_CSP_REGION, HttpStatus.FORBIDDEN),
            Map.entry(ServiceRefusal.CSP_PUSH_NOT_CONFIGURED, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.REPORT_ALREADY_PUBLISHED, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.REPORT_NOT_PUBLISHED, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.REPORT_MONTH_NOT_CLOSED, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.REPORT_NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(ServiceRefusal.REPORT_FILE_ALTERED, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.HISTORY_ENTRY_NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(ServiceRefusal.HISTORY_CHECKPOINT_NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(ServiceRefusal.HISTORY_REBUILD_NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(ServiceRefusal.HISTORY_REBUILD_RUNNING, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.HISTORY_NOT_YET_A_TREE, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.HISTORY_TREE_DAMAGED, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.RECONCILIATION_NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(ServiceRefusal.RECONCILIATION_ID_REUSED, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.RECONCILIATION_FILE_ALTERED, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.WHAT_IF_ID_REUSED, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.CATALOGUE_VERSION_CONFLICT, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.CATALOGUE_ADOPTION_ID_REUSED, HttpStatus.CONFLICT),
            Map.entry(ServiceRefusal.CATALOGUE_ADOPTION_NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(ServiceRefusal.WHAT_IF_NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(ServiceRefusal.WHAT_IF_FILE_ALTERED, HttpStatus.CONFLICT),
            Map.entry(RefusalCode.NOT_RESPONSIBLE_SUPPLIER, HttpStatus.NOT_FOUND),
            Map.entry(RefusalCode.DEVICE_NOT_ENROLLED, HttpStatus.NOT_FOUND),
            Map.entry(RefusalCode.DEVICE_ALREADY_ENROLLED, HttpStatus.CONFLICT),
            Map.entry(RefusalCode.GAINING_SUPPLIER_ALREADY_RESPONSIBLE, HttpStatus.CONFLICT),
            Map.entry(RefusalCode.CONCURRENT_UPDATE, HttpStatus.CONFLICT),
            Map.entry(ApiProblem.IDEMPOTENCY_KEY_REUSED, HttpStatus.UNPROCESSABLE_ENTITY),
            Map.entry(ApiProblem.RATE_LIMITED, HttpStatus.TOO_MANY_REQUESTS));

    private Problems() {
    }

    /** The HTTP status a refusal is answered with: 422 unless listed otherwise. */
    public static HttpStatus statusOf(RefusalReason code) {
        return STATUS.getOrDefault(code, HttpStatus.UNPROCESSABLE_ENTITY);
    }

    /** The code a refusal is shown as: itself, except that "not yours" looks like "not there". */
    public static String publicCodeOf(RefusalReason code) {
        return code == RefusalCode.NOT_RESPONSIBLE_SUPPLIER || code == RefusalCode.DEVICE_NOT_ENROLLED
                ? DEVICE_NOT_FOUND : code.name();
    }

    public static ProblemDetail refusal(RefusalReason code, String detail) {
        String publicCode = publicCodeOf(code);
        String shownDetail = DEVICE_NOT_FOUND.equals(publicCode)
                ? "no enrolled meter with this ID that you may act on" : detail;
        return problem(statusOf(code), publicCode, shownDetail, List.of());
    }

    public static ProblemDetail problem(HttpStatus status, String code, String detail, List<FieldViolation> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(typeOf(code));
        problem.setTitle(titleOf(code));
        problem.setProperty("code", code);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    public static URI typeOf(String code) {
        return URI.create(TYPE_PREFIX + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    private static String titleOf(String code) {
        String words = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
