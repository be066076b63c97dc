package uk.smartmeter.restricted.domain.device;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * MP169 BR3's "subject to its adherence with all reasonable steps for Smart installations": Restricted mode is "an
 * additional step ... which can only be taken after the current all reasonable steps have been exhausted". An apply
 * request carries the Supplier's attestation that they were, and the date they were exhausted, which cannot be later
 * than the request.
 */
public final class AllReasonableSteps {

    private AllReasonableSteps() {
    }

    /** Why the attestation does not show all reasonable steps exhausted by {@code now}; empty when it does. */
    public static Optional<Refusal> refusal(Attestation attestation, Instant now) {
        if (attestation == null) {
            return Optional.of(new Refusal(RefusalCode.REASONABLE_STEPS_NOT_ATTESTED,
                    "Restricted mode needs an attestation that all reasonable steps were exhausted"));
        }
        if (attestation.stepsExhaustedOn().isAfter(now.atZone(ZoneOffset.UTC).toLocalDate())) {
            return Optional.of(new Refusal(RefusalCode.REASONABLE_STEPS_DATE_IN_FUTURE,
                    "reasonable steps cannot have been exhausted on " + attestation.stepsExhaustedOn()
                            + ", which is after today"));
        }
        return Optional.empty();
    }
}
