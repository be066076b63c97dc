package uk.smartmeter.restricted.bootstrap.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import uk.smartmeter.restricted.adapter.store.EventJson;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.ClearReason;
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
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;

/**
 * Writes a benchmark event store straight into PostgreSQL, in Axon's JDBC format with the service's own
 * event JSON: N meters (default 1,000,000), each enrolled, restricted by its Supplier and cleared again
 * (3 events each), in three waves, so a device's events lie far apart in the global order, as in life.
 * Seeded by the meter number: the same N gives the same store. Run with {@code bench/history-data.sh}.
 *
 *   java ... HistoryBenchData jdbc:postgresql://127.0.0.1:5432/history_bench 1000000
 */
public final class HistoryBenchData {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final String INSERT = "INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type,"
            + " eventIdentifier, metaData, payload, payloadType, timeStamp) VALUES (?, ?, 'DeviceAggregate', ?, ?, ?,"
            + " ?, ?)";
    private static final byte[] NO_METADATA = "{}".getBytes(StandardCharsets.UTF_8);

    private HistoryBenchData() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int meters = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        ObjectMapper json = EventJson.mapper();
        long started = System.nanoTime();
        try (Connection db = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?")
                + "reWriteBatchedInserts=true", "postgres", "")) {
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement(INSERT)) {
                long written = 0;
                for (int wave = 0; wave < 3; wave++) {
                    for (int meter = 0; meter < meters; meter++) {
                        DeviceEvent event = event(wave, meter, meters);
                        insert.setString(1, event.deviceId().value());
                        insert.setLong(2, wave);
                        insert.setString(3, new UUID(wave, meter).toString());
                        insert.setBytes(4, NO_METADATA);
                        insert.setBytes(5, json.writeValueAsBytes(event));
                        insert.setString(6, event.getClass().getName());
                        insert.setString(7, event.recordedAt().toString());
                        insert.addBatch();
                        if (++written % 5_000 == 0) {
                            insert.executeBatch();
                            db.commit();
                        }
                    }
                }
                insert.executeBatch();
                db.commit();
                System.out.printf("wrote %,d events for %,d meters in %.1f s%n", written, meters,
                        (System.nanoTime() - started) / 1e9);
            }
        }
    }

    private static DeviceEvent event(int wave, int meter, int meters) {
        DeviceId id = DeviceId.fromEui64(0x00DB_4000_0000_0000L + meter);
        boolean gas = meter % 2 == 1;
        ResponsibleSupplier supplier = new ResponsibleSupplier(PartyId.of("SUPPLIER-" + (meter % 20)),
                gas ? UserRole.GS : UserRole.IS);
        Instant at = START.plusSeconds((long) wave * meters + meter);
        if (wave == 0) {
            return new DeviceEnrolled(id, new Actor(PartyId.of("DCC-DSP"), UserRole.DCC, "inventory"), at, at,
                    gas ? DeviceType.GSME : DeviceType.ESME, SmetsVersion.SMETS2, SmiStatus.COMMISSIONED,
                    DeviceId.fromEui64(0x00DB_5000_0000_0000L + meter), SmiStatus.COMMISSIONED,
                    gas ? DeviceId.fromEui64(0x00DB_6000_0000_0000L + meter) : null,
                    new Mpxn(gas ? String.valueOf(1_000_000 + meter) : String.valueOf(1_000_000_000_000L + meter)),
                    CspRegion.values()[meter % 3], PaymentMode.CREDIT, supplier,
                    new SiteCharacteristics(false, false, false));
        }
        Actor actor = new Actor(supplier.party(), supplier.role(), "agent-" + (meter % 7));
        if (wave == 1) {
            return new RestrictionApplied(id, actor, at, at, supplier, new Attestation("RS-" + meter,
                    LocalDate.of(2025, 12, 31)));
        }
        return new RestrictionCleared(id, actor, at, at, supplier, ClearReason.CONSUMER_REQUEST);
    }
}
