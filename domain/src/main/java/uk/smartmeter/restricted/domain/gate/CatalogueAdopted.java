package uk.smartmeter.restricted.domain.gate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Actor;

/**
 * The DCC adopted an SRV catalogue for the gate (issue 18): who, when, from when it takes effect, and the file's
 * version and SHA-256. Stored in the global stream, outside every device's, so it is an entry of the history. Rolling
 * back is adopting an earlier version again, with a later effective time.
 */
public record CatalogueAdopted(String adoptionId, String version, String sha256, Instant effectiveFrom, Actor actor,
                               Instant recordedAt) {

    public CatalogueAdopted {
        Objects.requireNonNull(adoptionId, "adoptionId is required");
        Objects.requireNonNull(version, "version is required");
        Objects.requireNonNull(sha256, "sha256 is required");
        Objects.requireNonNull(actor, "actor is required");
        effectiveFrom = Objects.requireNonNull(effectiveFrom, "effectiveFrom is required").truncatedTo(ChronoUnit.MICROS);
        recordedAt = Objects.requireNonNull(recordedAt, "recordedAt is required").truncatedTo(ChronoUnit.MICROS);
    }

    public String summary() {
        return "adoption " + adoptionId + ": SRV catalogue version " + version + " sha256 " + sha256
                + " effective from " + effectiveFrom;
    }
}
