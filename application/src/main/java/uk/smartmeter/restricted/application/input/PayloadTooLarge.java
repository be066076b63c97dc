package uk.smartmeter.restricted.application.input;

import java.io.IOException;

/** A request body over the configured limit; thrown while reading it, answered 413. */
public final class PayloadTooLarge extends IOException {

    public PayloadTooLarge(long limit) {
        super("the body may be at most " + limit + " bytes");
    }
}
