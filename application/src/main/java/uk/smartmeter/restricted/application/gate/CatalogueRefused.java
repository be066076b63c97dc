package uk.smartmeter.restricted.application.gate;

import uk.smartmeter.restricted.domain.device.RefusalReason;

/** An adoption of an SRV catalogue refused, with its stable code (answered and recorded by the adapters). */
public final class CatalogueRefused extends RuntimeException {

    private final RefusalReason code;

    public CatalogueRefused(RefusalReason code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public RefusalReason code() {
        return code;
    }
}
