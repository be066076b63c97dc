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

    /** The EUI-64 as the 64-bit number it is, so that an index can hold it as a primitive. */
    public long eui64() {
        long eui = 0;
        for (int i = 0; i < 23; i += 3) {
            eui = (eui << 8) | (hexDigit(value.charAt(i)) << 4) | hexDigit(value.charAt(i + 1));
        }
        return eui;
    }

    /** The device whose EUI-64 is this number. */
    public static DeviceId fromEui64(long eui) {
        char[] text = new char[23];
        for (int octet = 0; octet < 8; octet++) {
            int b = (int) (eui >>> (56 - 8 * octet)) & 0xFF;
            text[octet * 3] = HEX[b >>> 4];
            text[octet * 3 + 1] = HEX[b & 0xF];
            if (octet < 7) {
                text[octet * 3 + 2] = '-';
            }
        }
        return new DeviceId(new String(text));
    }

    /**
     * Reads an EUI-64 in any accepted form (hyphens, colons or none; either case) straight to its number,
     * without allocating. Accepts exactly what {@link #of} accepts; anything else is an
     * {@link IllegalArgumentException}.
     */
    public static long parseEui64(CharSequence raw) {
        int length = raw.length();
        int start = 0;
        int end = length;
        // trimmed exactly as String.trim() trims for of(): every character up to U+0020
        while (start < end && raw.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && raw.charAt(end - 1) <= ' ') {
            end--;
        }
        long eui = 0;
        int digits = 0;
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            long digit = hexDigit(c);
            if (digit >= 0) {
                if (++digits > 16) {
                    throw invalid();
                }
                eui = (eui << 4) | digit;
            } else if (!isSeparatorBetweenOctets(c, digits) || i + 1 == end || hexDigit(raw.charAt(i + 1)) < 0) {
                throw invalid();
            }
        }
        if (digits != 16) {
            throw invalid();
        }
        return eui;
    }

    private static boolean isSeparatorBetweenOctets(char c, int digitsSoFar) {
        return (c == '-' || c == ':') && digitsSoFar % 2 == 0 && digitsSoFar > 0 && digitsSoFar < 16;
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static long hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("device ID must be an EUI-64 such as 00-DB-12-34-56-78-90-A0");
    }

    @Override
    public String toString() {
        return value;
    }
}
