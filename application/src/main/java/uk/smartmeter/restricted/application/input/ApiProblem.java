package uk.smartmeter.restricted.application.input;

import uk.smartmeter.restricted.domain.device.RefusalReason;

/**
 * The API's own refusals, made at the door before any use case runs. Stable codes, part of the public contract
 * (problem types and the audit trail): add new ones, never rename or reuse one.
 */
public enum ApiProblem implements RefusalReason {
    /** The party's role may not use this endpoint (for example a Regulator writing, an Other User applying). */
    ROLE_NOT_PERMITTED,
    /** A CSP reads and replays only its own region's notices and exclusion lists. */
    NOT_YOUR_CSP_REGION,
    /** The request was malformed: bad JSON, a wrong type, an unknown value, a bad identifier, too large. */
    INVALID_REQUEST,
    /** An Idempotency-Key was reused with a different request. */
    IDEMPOTENCY_KEY_REUSED,
    /**
     * A party sent more requests than its rate limit allows; answered 429 each time, and recorded once per
     * party and summary interval with the count, never once per request.
     */
    RATE_LIMITED
}
