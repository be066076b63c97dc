package uk.smartmeter.restricted.domain.device;

import java.util.Objects;

/** A SEC Party's identifier as carried in its credentials (for DCC Users, usually its EUI-64). */
public record PartyId(String value) {

    public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$";

    public PartyId {
        Objects.requireNonNull(value, "party ID is required");
        if (!isValid(value)) {
            throw new IllegalArgumentException(
                    "party ID must be 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
    }

    /** {@link #PATTERN}, checked by hand: every stored event names parties, so this runs on every replay. */
    private static boolean isValid(String value) {
        if (value.isEmpty() || value.length() > 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alphanumeric = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != ':' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    public static PartyId of(String value) {
        return new PartyId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
