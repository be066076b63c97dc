package uk.smartmeter.restricted.domain.device;

/**
 * Why a request was refused, as recorded for regulators: a stable code, never renamed or reused. MP169's own
 * refusals are {@link RefusalCode}s; the service's (reports, history) and the API's (a malformed request, a role that
 * may not use an endpoint, a rate limit) are defined beside the code that makes them. Every code's name is unique
 * across them all.
 */
public interface RefusalReason {

    /** The code, as recorded and answered: upper case words joined by underscores. */
    String name();
}
