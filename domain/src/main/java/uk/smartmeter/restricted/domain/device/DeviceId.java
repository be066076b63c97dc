package uk.smartmeter.restricted.domain.device;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A device's EUI-64, always held in the DUIS form: eight upper-case hex octets joined by hyphens,
 * for example {@code 00-DB-12-34-56-78-90-A0}. Input may use hyphens, colons or no separator and
 * either case; it is normalised on the way in.
 */
public record DeviceId(String value) {

    public static final String PATTERN = "^[0-9A-F]{2}(-[0-9A-F]{2}){7}$";
    private static final Pattern ACCEPTED = Pattern.compile("^[0-9A-Fa-f]{2}([-:]?[0-9A-Fa-f]{2}){7}$");

    public DeviceId {
        Objects.requireNonNull(value, "device ID is required");
        if (!isCanonical(value)) {
            throw new IllegalArgumentException("device ID must be an EUI-64 such as 00-DB-12-34-56-78-90-A0");
        }
    }

    /** {@link #PATTERN}, checked by hand: every stored event names devices, so this runs on every replay. */
    private static boolean isCanonical(String value) {
        if (value.length() != 23) {
            return false;
        }
        for (int i = 0; i < 23; i++) {
            char c = value.charAt(i);
            boolean ok = i % 3 == 2 ? c == '-' : (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static DeviceId of(String raw) {
        Objects.requireNonNull(raw, "device ID is required");
        String trimmed = raw.trim();
        if (!ACCEPTED.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("device ID must be an EUI-64 such as 00-DB-12-34-56-78-90-A0");
        }
        String hex = trimmed.replace("-", "").replace(":", "").toUpperCase(Locale.ROOT);
        StringBuilder normalised = new StringBuilder(23);
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                normalised.append('-');
            }
            normalised.append(hex, i, i + 2);
        }
        return new DeviceId(normalised.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
