package uk.smartmeter.restricted.application.reconciliation;

import uk.smartmeter.restricted.domain.device.RefusalReason;

/** A reconciliation refused before it starts, or a form refused, with its stable code (answered and recorded by the adapters). */
public final class ReconciliationRefused extends RuntimeException {

    private final RefusalReason code;

    public ReconciliationRefused(RefusalReason code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public RefusalReason code() {
        return code;
    }
}
