package uk.smartmeter.restricted.bootstrap.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import uk.smartmeter.restricted.adapter.store.EventJson;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.MeterStatusChanged;
import uk.smartmeter.restricted.domain.device.event.PaymentModeChanged;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;

/**
 * Writes a fleet-sized event store straight into PostgreSQL, in Axon's JDBC format with the service's own event JSON
 * and metadata, by COPY: N meters (default 10,000,000) with the GB fleet's mix, in waves so that a device's events lie
 * far apart in the global order, as in life:
 * <ul>
 * <li>every meter enrolled; 40% gas meters with GPFs;</li>
 * <li>a Change of Supplier on 10% (meter {@code n % 10 == 3});</li>
 * <li>a few status changes (0.5%, suspended) and payment-mode changes (0.5%, to prepayment), on meters that stay
 *     eligible;</li>
 * <li>2% Restricted ({@code n % 50 == 7}) by their Supplier, gas ones with their GPF as the events' metadata.</li>
 * </ul>
 * It also claims every meter's and GPF's identity in {@code device_identity}, as enrolment does, and marks that table
 * filled. The gate index's checkpoint is not written: the service builds it from the store on its first start, as it
 * would on a store migrated to it. Seeded by the meter number: the same N gives the same store.
 * Run with {@code bench/fleet-data.sh}.
 */
public final class FleetBenchData {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final HexFormat HEX = HexFormat.of();
    private static final String NO_METADATA = "\\\\x" + HEX.formatHex("{}".getBytes(StandardCharsets.UTF_8));
    private static final Actor DCC = new Actor(PartyId.of("DCC-DSP"), UserRole.DCC, "inventory");

    private FleetBenchData() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int meters = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        ObjectMapper json = EventJson.mapper();
        long started = System.nanoTime();
        long written = 0;
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
            long[] nextIndex = {1};
            for (int wave = 0; wave < 5; wave++) {
                int currentWave = wave;
                written += copyRows(copy, "COPY DomainEventEntry (globalIndex, aggregateIdentifier, sequenceNumber, type,"
                        + " eventIdentifier, metaData, payload, payloadType, timeStamp) FROM STDIN", out -> {
                    long[] count = {0};
                    for (int meter = 0; meter < meters; meter++) {
                        DeviceEvent event = event(currentWave, meter, meters);
                        if (event == null) {
                            continue;
                        }
                        long sequence = sequenceOf(currentWave, meter);
                        String metadata = NO_METADATA;
                        if (event instanceof RestrictionApplied && isGas(meter)) {
                            metadata = "\\\\x" + HEX.formatHex(("{\"gpfId\":\"" + gpfOf(meter).value() + "\"}")
                                    .getBytes(StandardCharsets.UTF_8));
                        }
                        out.write(nextIndex[0]++ + "\t" + event.deviceId().value() + "\t"
                                + sequence + "\tDeviceAggregate\t" + new UUID(currentWave, meter) + "\t" + metadata
                                + "\t\\\\x" + HEX.formatHex(json.writeValueAsBytes(event)) + "\t"
                                + event.getClass().getName() + "\t" + event.recordedAt() + "\n");
                        count[0]++;
                    }
                    return count[0];
                });
                System.out.printf("wave %d: %,d events so far, %.1f s%n", wave, written, (System.nanoTime() - started) / 1e9);
            }
            copyRows(copy, "COPY device_identity (identity_id, kind, meter_id) FROM STDIN", out -> {
                long count = 0;
                for (int meter = 0; meter < meters; meter++) {
                    String id = meterId(meter).value();
                    out.write(id + "\tMETER\t" + id + "\n");
                    count++;
                    if (isGas(meter)) {
                        out.write(gpfOf(meter).value() + "\tGPF\t" + id + "\n");
                        count++;
                    }
                }
                return count;
            });
            try (var statement = db.createStatement()) {
                statement.execute("DELETE FROM device_identity_state WHERE name = 'filled'");
                statement.execute("INSERT INTO device_identity_state (name, detail) VALUES ('filled', 'FleetBenchData')");
                if (Boolean.getBoolean("fleet.projections-at-head")) {
                    // the history's and the CSP notices' tokens at the head, as if those projections had caught up: the
                    // start-up benchmark measures the gate index, and these two would otherwise replay the whole store
                    // beside it (their tables stay empty, so this store is for that benchmark only)
                    for (String processor : new String[] {"history", "csp-notices"}) {
                        statement.execute("INSERT INTO TokenEntry (processorName, segment, token, tokenType, timestamp)"
                                + " VALUES ('" + processor + "', 0, convert_to('{\"index\":' || (SELECT MAX(globalIndex)"
                                + " FROM DomainEventEntry) || ',\"gaps\":[]}', 'UTF8'),"
                                + " 'org.axonframework.eventhandling.GapAwareTrackingToken', '" + Instant.now() + "')");
                    }
                }
                statement.execute("SELECT setval(pg_get_serial_sequence('domainevententry', 'globalindex'),"
                        + " (SELECT MAX(globalIndex) FROM DomainEventEntry))");
            }
        }
        System.out.printf("wrote %,d events for %,d meters in %.1f s%n", written, meters,
                (System.nanoTime() - started) / 1e9);
    }

    @FunctionalInterface
    private interface Rows {
        long writeTo(Writer out) throws IOException;
    }

    /** Streams rows into a COPY from a writer thread, through a pipe. */
    private static long copyRows(CopyManager copy, String sql, Rows rows) throws Exception {
        java.io.PipedWriter writer = new java.io.PipedWriter();
        java.io.PipedReader reader = new java.io.PipedReader(writer, 1 << 20);
        BlockingQueue<Object> result = new LinkedBlockingQueue<>();
        Thread producer = new Thread(() -> {
            try (Writer out = new java.io.BufferedWriter(writer, 1 << 20)) {
                result.add(rows.writeTo(out));
            } catch (Throwable failed) {
                result.add(failed);
            }
        }, "fleet-rows");
        producer.start();
        copy.copyIn(sql, reader);
        producer.join();
        Object outcome = result.take();
        if (outcome instanceof Throwable failed) {
            throw new IllegalStateException("writing rows failed", failed);
        }
        return (Long) outcome;
    }

    static boolean isGas(int meter) {
        return meter % 5 < 2;
    }

    static boolean restricted(int meter) {
        return meter % 50 == 7;
    }

    static boolean changesSupplier(int meter) {
        return meter % 10 == 3;
    }

    static boolean changesStatus(int meter) {
        return meter % 200 == 11;
    }

    static boolean changesPaymentMode(int meter) {
        return meter % 200 == 13;
    }

    static DeviceId meterId(int meter) {
        return DeviceId.fromEui64(0x00DB_7000_0000_0000L + meter);
    }

    static DeviceId gpfOf(int meter) {
        return DeviceId.fromEui64(0x00DB_8000_0000_0000L + meter);
    }

    private static ResponsibleSupplier supplier(int meter, int change) {
        return new ResponsibleSupplier(PartyId.of("SUPPLIER-" + ((meter + change) % 20)), isGas(meter) ? UserRole.GS : UserRole.IS);
    }

    /**
     * A device's sequence number for the wave's event (waves in order: enrolment, Change of Supplier, status, payment
     * mode, restriction; the global index runs on without gaps, wave after wave): its own events before it.
     */
    private static long sequenceOf(int wave, int meter) {
        long sequence = 0;
        if (wave > 1 && changesSupplier(meter)) {
            sequence++;
        }
        if (wave > 2 && changesStatus(meter)) {
            sequence++;
        }
        if (wave > 3 && changesPaymentMode(meter)) {
            sequence++;
        }
        return wave == 0 ? 0 : sequence + 1;
    }

    private static DeviceEvent event(int wave, int meter, int meters) {
        DeviceId id = meterId(meter);
        boolean gas = isGas(meter);
        Instant at = START.plusSeconds((long) wave * meters + meter);
        switch (wave) {
            case 0:
                return new DeviceEnrolled(id, DCC, at, at, gas ? DeviceType.GSME : DeviceType.ESME, SmetsVersion.SMETS2,
                        SmiStatus.COMMISSIONED, DeviceId.fromEui64(0x00DB_9000_0000_0000L + meter), SmiStatus.COMMISSIONED,
                        gas ? gpfOf(meter) : null,
                        new Mpxn(gas ? String.valueOf(1_000_000_000L + meter) : String.valueOf(1_000_000_000_000L + meter)),
                        CspRegion.values()[meter % 3], PaymentMode.CREDIT, supplier(meter, 0),
                        new SiteCharacteristics(false, false, false));
            case 1:
                return changesSupplier(meter) ? new SupplierChanged(id, DCC, at, at, supplier(meter, 0), supplier(meter, 1))
                        : null;
            case 2:
                return changesStatus(meter) && !restricted(meter)
                        ? new MeterStatusChanged(id, DCC, at, at, SmiStatus.SUSPENDED) : null;
            case 3:
                return changesPaymentMode(meter) && !restricted(meter)
                        ? new PaymentModeChanged(id, DCC, at, at, PaymentMode.PREPAYMENT) : null;
            default:
                if (!restricted(meter)) {
                    return null;
                }
                ResponsibleSupplier now = supplier(meter, changesSupplier(meter) ? 1 : 0);
                return new RestrictionApplied(id, new Actor(now.party(), now.role(), "agent-" + (meter % 7)), at, at, now,
                        new Attestation("RS-" + meter, LocalDate.of(2025, 12, 31)));
        }
    }
}
