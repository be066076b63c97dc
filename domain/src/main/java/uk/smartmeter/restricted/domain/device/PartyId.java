package uk.smartmeter.restricted.domain.device;

import java.util.Objects;
import java.util.regex.Pattern;

/** A SEC Party's identifier as carried in its credentials (for DCC Users, usually its EUI-64). */
public record PartyId(String value) {

    public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    public PartyId {
        Objects.requireNonNull(value, "party ID is required");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "party ID must be 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
    }

    public static PartyId of(String value) {
        return new PartyId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
