package uk.smartmeter.restricted.application.port.out;

import java.io.IOException;
import java.util.List;
import uk.smartmeter.restricted.domain.reconciliation.Registration;
import uk.smartmeter.restricted.domain.reconciliation.RegistrationReconciled;

/**
 * Registration snapshots and daily deltas (issue 18, F14), by their name in the registration folder: CSV or NDJSON,
 * read in one streaming pass, their SHA-256 taken in the same pass.
 */
public interface RegistrationSources {

    /** Receives each good line and each bad one, with its line number, the field and the rule it breaks. */
    interface Sink {
        void line(Registration registration);

        void bad(String input, long line, String field, String rule);
    }

    /**
     * The name as the folder knows it, after checking that it is a readable registration file whose first line
     * is a known header; refuses (ReconciliationRefused) otherwise.
     */
    String check(String name);

    /**
     * Reads the whole file, the run's input number {@code input} (0 first); {@code progress} is told the lines read so
     * far now and then.
     */
    RegistrationReconciled.Input read(String name, int input, Sink sink, java.util.function.LongConsumer progress)
            throws IOException;
}
