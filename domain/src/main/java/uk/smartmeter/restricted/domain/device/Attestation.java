package uk.smartmeter.restricted.domain.device;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The Supplier's statement that all reasonable steps toward a fully communicating install were
 * exhausted before Restricted mode was offered (MP169 BR3).
 *
 * @param reference         the Supplier's own reference for its evidence
 * @param stepsExhaustedOn  the date the reasonable steps were exhausted
 */
public record Attestation(String reference, LocalDate stepsExhaustedOn) {

    private static final int MAX_REFERENCE = 64;

    public Attestation {
        Objects.requireNonNull(reference, "attestation reference is required");
        Objects.requireNonNull(stepsExhaustedOn, "date the reasonable steps were exhausted is required");
        if (reference.isBlank() || reference.length() > MAX_REFERENCE
                || !Actor.printable(reference)) {
            throw new IllegalArgumentException("attestation reference must be 1 to 64 printable characters");
        }
    }
}
