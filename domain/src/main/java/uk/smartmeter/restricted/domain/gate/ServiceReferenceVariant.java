package uk.smartmeter.restricted.domain.gate;

import java.util.Objects;

/** A DUIS Service Reference Variant such as {@code 4.1.1}: one to three dot-separated numbers. */
public record ServiceReferenceVariant(String value) {

    public ServiceReferenceVariant {
        Objects.requireNonNull(value, "SRV is required");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("an SRV is one to three dot-separated numbers, such as 4.1.1");
        }
    }

    public static ServiceReferenceVariant of(String value) {
        return new ServiceReferenceVariant(value);
    }

    private static boolean isWellFormed(String value) {
        int parts = 1;
        boolean digitSeen = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (!digitSeen || ++parts > 3) {
                    return false;
                }
                digitSeen = false;
            } else if (c >= '0' && c <= '9' && value.length() <= 12) {
                digitSeen = true;
            } else {
                return false;
            }
        }
        return digitSeen;
    }

    @Override
    public String toString() {
        return value;
    }
}
