package uk.smartmeter.restricted.adapter.rest.problem;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The database could not be reached within its bounded waits (the pool's connection timeout, the
 * driver's socket timeout): answered 503 with {@code Retry-After}, never 500. The transaction that
 * failed rolled back, so nothing was half-written; whether a command that timed out mid-commit took
 * effect is what an {@code Idempotency-Key} retry tells.
 */
public final class StoreUnavailable {

    public static final String CODE = "STORE_UNAVAILABLE";
    /** Set on a request whose failure was the store, so the container's error page answers 503 too. */
    public static final String ATTRIBUTE = StoreUnavailable.class.getName();
    /** Seconds a client should wait before retrying. */
    public static final String RETRY_AFTER_SECONDS = "2";

    private StoreUnavailable() {
    }

    /** Whether the failure, or anything it was caused by, is the store being unreachable or too slow. */
    public static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException || cause instanceof SQLTimeoutException) {
                return true;
            }
            if (cause instanceof SQLException sql && (sql.getSQLState() != null ? unreachable(sql.getSQLState())
                    : closed(sql.getMessage()))) {
                return true;
            }
            if (cause instanceof java.net.SocketException || cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** A pooled connection the pool closed under us (HikariCP's "Connection is closed" carries no SQLState). */
    private static boolean closed(String message) {
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("connection is closed");
    }

    /** Connection exceptions (08), cancelled by a timeout (57014), shut down or starting (57P0x), too many connections. */
    private static boolean unreachable(String state) {
        return state.startsWith("08") || state.equals("57014") || state.startsWith("57P0") || state.equals("53300");
    }

    public static ProblemDetail problem() {
        return Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, CODE,
                "the store could not be reached in time; nothing was changed unless a retry with the same "
                        + "Idempotency-Key says so", List.of());
    }

    public static HttpHeaders headers() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return headers;
    }
}
