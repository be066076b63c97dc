package uk.smartmeter.restricted.application.port.out;

/**
 * The device version a caller based its request on (an HTTP If-Match). When given, the command is
 * refused with CONCURRENT_UPDATE unless the device is still at exactly that version.
 */
public record ExpectedVersion(Long value) {

    private static final ExpectedVersion ANY = new ExpectedVersion(null);

    public static ExpectedVersion any() {
        return ANY;
    }

    public static ExpectedVersion of(long value) {
        return new ExpectedVersion(value);
    }

    public boolean isAny() {
        return value == null;
    }
}
