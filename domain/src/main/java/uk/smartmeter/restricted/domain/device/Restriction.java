package uk.smartmeter.restricted.domain.device;

import java.time.Instant;
import java.util.Objects;

/** The flag while it is set: since when, by whom, and on what attestation. */
public record Restriction(Instant since, ResponsibleSupplier appliedBy, Attestation attestation) {

    public Restriction {
        Objects.requireNonNull(since, "since is required");
        Objects.requireNonNull(appliedBy, "appliedBy is required");
        Objects.requireNonNull(attestation, "attestation is required");
    }
}
