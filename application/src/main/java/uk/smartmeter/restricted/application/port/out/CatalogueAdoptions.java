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

    /** What {@link #adopt} did. */
    enum Outcome {
        ADOPTED,
        /** Nothing recorded: the adoption ID is taken. */
        ID_TAKEN,
        /** Nothing recorded: the version was claimed, by this or another node, for a file with another SHA-256. */
        VERSION_TAKEN
    }

    /**
     * Records the adoption and runs {@code record} (its history event) in one transaction, claiming its version for its
     * SHA-256 in the same transaction; atomic against the same being done at once on another node.
     */
    Outcome adopt(Adoption adoption, Runnable record);
}
