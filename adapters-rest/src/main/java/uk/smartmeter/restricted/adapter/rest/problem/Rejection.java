package uk.smartmeter.restricted.adapter.rest.problem;

import uk.smartmeter.restricted.domain.device.RefusalReason;

/** A request the service refuses with a refusal code; the code fixes the problem type and status. */
public final class Rejection extends RuntimeException {

    private final RefusalReason code;

    public Rejection(RefusalReason code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public RefusalReason code() {
        return code;
    }
}
