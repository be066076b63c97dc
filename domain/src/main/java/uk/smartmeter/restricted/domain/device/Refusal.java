package uk.smartmeter.restricted.domain.device;

import java.util.Objects;

/** A typed, explained "no". */
public record Refusal(RefusalCode code, String detail) {

    public Refusal {
        Objects.requireNonNull(code, "refusal code is required");
        Objects.requireNonNull(detail, "refusal detail is required");
    }
}
