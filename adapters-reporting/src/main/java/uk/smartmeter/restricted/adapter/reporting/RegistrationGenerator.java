package uk.smartmeter.restricted.adapter.reporting;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A synthetic registration file (issue 18's benchmark) for the store that {@code bench/history-data.sh} writes: meter
 * {@code m} (0-based) is gas when odd (MPRN {@code 1000000 + m}, role GS) and electricity otherwise (MPAN
 * {@code 1000000000000 + m}, role IS), supplied by {@code SUPPLIER-(m % 20)}. Each meter point gets
 * {@code lines / points} lines with rising effective dates (earlier Suppliers first), the last in force. Known
 * mismatches are planted so that a run's counts can be checked: every 97th meter's last line names another Supplier
 * (a Change of Supplier never received), every 1,009th meter has no line (no registration), every 499th meter's line
 * says the other fuel, and 2% more meter points are unknown to the store.
 */
public final class RegistrationGenerator {

    private static final Instant FIRST = Instant.parse("2020-01-01T00:00:00Z");

    private final int meters;
    private final long lines;

    public RegistrationGenerator(int meters, long lines) {
        if (meters < 1 || lines < meters) {
            throw new IllegalArgumentException("at least one meter, and at least a line a meter");
        }
        this.meters = meters;
        this.lines = lines;
    }

    /** The meter points: the store's (less those with no registration) and the unknown ones. */
    public int unknownPoints() {
        return meters / 50;
    }

    public long expectedChangeOfSupplierNotReceived() {
        long count = 0;
        for (int m = 0; m < meters; m++) {
            if (m % 97 == 0 && m % 1009 != 0 && m % 499 != 0) {
                count++;
            }
        }
        return count;
    }

    public long expectedNoRegistration() {
        return (meters + 1008) / 1009;
    }

    public long expectedFuelMismatches() {
        long count = 0;
        for (int m = 0; m < meters; m++) {
            if (m % 499 == 0 && m % 1009 != 0) {
                count++;
            }
        }
        return count;
    }

    /** Writes the CSV, and answers the lines written. */
    public long write(OutputStream out) throws IOException {
        out.write((RegistrationFiles.HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
        int points = meters + unknownPoints();
        long perPoint = Math.max(1, lines / points);
        long written = 0;
        StringBuilder line = new StringBuilder(96);
        for (long round = 0; round < perPoint; round++) {
            boolean last = round == perPoint - 1;
            String from = FIRST.plus(round, ChronoUnit.DAYS).toString();
            for (int p = 0; p < points; p++) {
                boolean known = p < meters;
                if (known && p % 1009 == 0) {
                    continue;
                }
                int m = known ? p : 50_000_000 + p;
                boolean gas = m % 2 == 1;
                boolean otherFuel = known && last && m % 499 == 0;
                int supplier = last ? (known && m % 97 == 0 ? (m + 1) % 20 : m % 20) : (m + 7 + (int) round) % 20;
                line.setLength(0);
                line.append(gas ? 1_000_000 + m : 1_000_000_000_000L + m).append(',')
                        .append(gas != otherFuel ? "GAS" : "ELECTRICITY").append(",SUPPLIER-").append(supplier)
                        .append(',').append(gas != otherFuel ? "GS" : "IS").append(',').append(from).append('\n');
                out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
                written++;
            }
        }
        return written;
    }
}
