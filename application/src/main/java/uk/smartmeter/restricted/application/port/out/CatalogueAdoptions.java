package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SRV catalogues the DCC adopted for the gate (issue 18), shared by every node through the store. */
public interface CatalogueAdoptions {

    /** One adoption: the catalogue's CSV as adopted, its version and SHA-256, and from when it is in force. */
    record Adoption(String adoptionId, String version, String sha256, Instant effectiveFrom, String adoptedBy,
                    Instant recordedAt, String csv) {
    }

    /** Every adoption, in the order they were recorded. */
    List<Adoption> all();

    Optional<Adoption> find(String adoptionId);

    /**
     * Records the adoption and runs {@code record} (its history event) in one transaction; false, recording nothing,
     * when the adoption ID is taken.
     */
    boolean adopt(Adoption adoption, Runnable record);
}
