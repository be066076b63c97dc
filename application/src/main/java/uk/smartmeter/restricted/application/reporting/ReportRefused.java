package uk.smartmeter.restricted.application.reporting;

import uk.smartmeter.restricted.domain.device.RefusalReason;

/** A report run refused before it starts, with its stable code (answered and recorded by the adapters). */
public final class ReportRefused extends RuntimeException {

    private final RefusalReason code;

    public ReportRefused(RefusalReason code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public RefusalReason code() {
        return code;
    }
}
