package uk.smartmeter.restricted.domain.gate;

import java.util.Objects;

/** One SRV as the catalogue classifies it, with the reason for anything not obvious from its name. */
public record SrvEntry(ServiceReferenceVariant srv, SrvClass srvClass, ConsumptionScope consumptionOn, String name,
                       String note) {

    public SrvEntry {
        Objects.requireNonNull(srv, "srv is required");
        Objects.requireNonNull(srvClass, "class is required");
        Objects.requireNonNull(consumptionOn, "consumptionOn is required");
        Objects.requireNonNull(name, "name is required");
        Objects.requireNonNull(note, "note is required");
    }
}
