package uk.smartmeter.restricted.domain.device;

import java.util.Objects;
import java.util.regex.Pattern;

/** The meter point's MPAN core (13 digits, electricity) or MPRN (6 to 10 digits, gas). */
public record Mpxn(String value) {

    private static final Pattern MPAN_CORE = Pattern.compile("^\\d{13}$");
    private static final Pattern MPRN = Pattern.compile("^\\d{6,10}$");

    public Mpxn {
        Objects.requireNonNull(value, "MPxN is required");
        if (!MPAN_CORE.matcher(value).matches() && !MPRN.matcher(value).matches()) {
            throw new IllegalArgumentException("MPxN must be a 13-digit MPAN core or a 6 to 10 digit MPRN");
        }
    }

    public static Mpxn of(String value) {
        return new Mpxn(value);
    }

    /** True when the number has the form used for this fuel. */
    public boolean fits(DeviceType type) {
        return type == DeviceType.ESME ? MPAN_CORE.matcher(value).matches() : MPRN.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
