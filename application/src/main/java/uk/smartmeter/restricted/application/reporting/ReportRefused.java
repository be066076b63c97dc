package uk.smartmeter.restricted.application.reporting;

import uk.smartmeter.restricted.domain.device.RefusalCode;

/** A report run refused before it starts, with its stable code (answered and recorded by the adapters). */
public final class ReportRefused extends RuntimeException {

    private final RefusalCode code;

    public ReportRefused(RefusalCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public RefusalCode code() {
        return code;
    }
}
