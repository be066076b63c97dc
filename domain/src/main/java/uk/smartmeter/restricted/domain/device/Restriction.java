package uk.smartmeter.restricted.domain.device;

import java.time.Instant;
import java.util.Objects;

/**
 * The DCC System flag while it is set (MP169 BR2: "a DCC System flag will be created to indicate if communications
 * with a Device have been reduced due to consumer choice"): since when, by whom, and on what attestation.
 */
public record Restriction(Instant since, ResponsibleSupplier appliedBy, Attestation attestation) {

    public Restriction {
        Objects.requireNonNull(since, "since is required");
        Objects.requireNonNull(appliedBy, "appliedBy is required");
        Objects.requireNonNull(attestation, "attestation is required");
    }
}
