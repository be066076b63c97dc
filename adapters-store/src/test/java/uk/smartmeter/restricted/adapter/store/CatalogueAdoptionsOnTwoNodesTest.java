package uk.smartmeter.restricted.adapter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.gate.CatalogueRefused;
import uk.smartmeter.restricted.application.gate.CatalogueSchedule;
import uk.smartmeter.restricted.application.gate.CatalogueService;
import uk.smartmeter.restricted.application.gate.GateCounters;
import uk.smartmeter.restricted.application.gate.GateService;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;
import uk.smartmeter.restricted.application.port.in.GateQuestion;
import uk.smartmeter.restricted.application.port.in.RequestRef;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.application.port.out.GateReceipt;
import uk.smartmeter.restricted.application.port.out.GateReceipts;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.AlertCatalogue;
import uk.smartmeter.restricted.domain.gate.CatalogueAdopted;
import uk.smartmeter.restricted.domain.gate.GateVerdict;
import uk.smartmeter.restricted.domain.gate.ServiceReferenceVariant;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;

/**
 * Issue 18: SRV catalogue adoptions as recorded DCC decisions, on two nodes sharing one store. Node A adopts; node B
 * reads the adoptions as it does every few seconds, and both switch exactly at the effective instant, their receipts
 * naming the version each decision used; a rollback is an earlier version adopted again; a node that cannot read the
 * adoptions for the lead fails closed on consumption SRVs only; bad adoptions are refused, recording nothing.
 */
class CatalogueAdoptionsOnTwoNodesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration LEAD = Duration.ofMinutes(1);
    private static final Actor DCC = Actor.of("DCC-OPS", UserRole.DCC);
    private static final long METER = 0x00DB_7700_0000_0001L;

    /** A clock a test moves. */
    static final class MovingClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(NOW);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    /** One node: its schedule, its gate, its receipts; the store and the history events are shared. */
    record Node(CatalogueService catalogues, GateService gate, List<GateReceipt> receipts) {
        GateVerdict ask(String srv) {
            SrvCatalogue catalogue = gate.catalogue();
            return gate.decide(new GateQuestion.ServiceRequest(RequestRef.of("REQ-" + srv, PartyId.of("SUP-A"),
                    UserRole.IS), catalogue.entry(ServiceReferenceVariant.of(srv)).orElseThrow(), METER));
        }
    }

    private static Node node(DriverManagerDataSource database, MovingClock clock, List<Object> history) {
        CatalogueSchedule schedule = new CatalogueSchedule(SrvCatalogue.bundled(), AlertCatalogue.bundled(), LEAD);
        CatalogueService catalogues = new CatalogueService(new JdbcCatalogueAdoptions(new JdbcTemplate(database),
                new TransactionTemplate(new DataSourceTransactionManager(database))), schedule, event -> {
                    history.add(event);
                    return history.size();
                }, SrvCatalogue.bundled(), clock);
        RestrictedIndex index = new RestrictedIndex();
        index.restricted(METER, DeviceType.ESME, 3, 0);
        index.current(true);
        List<GateReceipt> receipts = new CopyOnWriteArrayList<>();
        GateService gate = new GateService(schedule, index, new GateReceipts() {
            @Override
            public void record(List<GateReceipt> recorded) {
                receipts.addAll(recorded);
            }

            @Override
            public List<GateReceipt.Recorded> forRequest(String requestId) {
                return List.of();
            }

            @Override
            public List<GateReceipt.Recorded> forDevice(String deviceId, long after, int limit) {
                return List.of();
            }
        }, new GateCounters(), clock);
        try {
            catalogues.refresh();
        } catch (RuntimeException unreadable) {
            // as the node's periodic read: logged and retried; until then the schedule is not known
        }
        return new Node(catalogues, gate, receipts);
    }

    /** The clock moved to {@code at}, each node having read the adoptions 2 s before, as its periodic read does. */
    private static void at(MovingClock clock, Instant at, Node... nodes) {
        clock.now.set(at.minusSeconds(2));
        for (Node node : nodes) {
            node.catalogues().refresh();
        }
        clock.now.set(at);
    }

    private static DriverManagerDataSource database(String name) {
        DriverManagerDataSource database = new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        try {
            CatalogueVersionsUnderRaceContract.migrate(database);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return database;
    }

    /** The bundled catalogue with 4.1.1 no longer consumption and 6.2.4 (a configuration read) consumption, as version {@code version}. */
    static String reclassified(String version) throws Exception {
        try (InputStream in = SrvCatalogue.class.getResourceAsStream(SrvCatalogue.BUNDLED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("# version: 1", "# version: " + version)
                    .replace("\n4.1.1,CONSUMPTION_READ,ALL,", "\n4.1.1,CONSUMPTION_READ,NONE,")
                    .replace("\n6.2.4,CONFIGURATION,NONE,", "\n6.2.4,CONFIGURATION,ALL,");
        }
    }

    static String bundledText() throws Exception {
        try (InputStream in = SrvCatalogue.class.getResourceAsStream(SrvCatalogue.BUNDLED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anAdoptionOnOneNodeTakesEffectOnBothExactlyAtItsTimeAndARollbackIsAnEarlierVersionAdoptedAgain()
            throws Exception {
        DriverManagerDataSource database = database("two_nodes_catalogues");
        MovingClock clock = new MovingClock();
        List<Object> history = new CopyOnWriteArrayList<>();
        Node a = node(database, clock, history);
        Node b = node(database, clock, history);
        Instant from = NOW.plus(Duration.ofMinutes(5));

        assertThat(a.catalogues().adopt(DCC, "adopt-2", from, reclassified("2")).fresh()).isTrue();
        at(clock, from.minusMillis(1), b); // B has read the adoptions in its periodic round, A only when it adopted
        a.catalogues().refresh();
        for (Node node : List.of(a, b)) {
            assertThat(node.ask("4.1.1")).as("before: the bundled catalogue").isEqualTo(GateVerdict.DENY_RESTRICTED);
            assertThat(node.ask("6.2.4")).isEqualTo(GateVerdict.ALLOW);
        }
        clock.now.set(from);
        for (Node node : List.of(a, b)) {
            assertThat(node.ask("4.1.1")).as("at the instant: version 2").isEqualTo(GateVerdict.ALLOW);
            assertThat(node.ask("6.2.4")).isEqualTo(GateVerdict.DENY_RESTRICTED);
        }
        assertThat(a.receipts()).extracting(GateReceipt::srv, GateReceipt::catalogueVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("4.1.1", "1"),
                        org.assertj.core.groups.Tuple.tuple("6.2.4", "2"));
        assertThat(b.receipts()).extracting(GateReceipt::catalogueVersion).containsExactly("1", "2");
        assertThat(history).singleElement().isInstanceOfSatisfying(CatalogueAdopted.class, adopted -> {
            assertThat(adopted.version()).isEqualTo("2");
            assertThat(adopted.effectiveFrom()).isEqualTo(from);
            assertThat(adopted.actor()).isEqualTo(DCC);
        });

        // rolling back: version 1 adopted again, by node B this time
        Instant back = from.plus(Duration.ofMinutes(10));
        assertThat(b.catalogues().adopt(DCC, "rollback-1", back, bundledText()).fresh()).isTrue();
        at(clock, back, a, b);
        for (Node node : List.of(a, b)) {
            assertThat(node.ask("4.1.1")).as("rolled back").isEqualTo(GateVerdict.DENY_RESTRICTED);
            assertThat(node.ask("6.2.4")).isEqualTo(GateVerdict.ALLOW);
            assertThat(node.catalogues().adoptions().inForce()).isEqualTo("rollback-1");
            assertThat(node.catalogues().adoptions().inForceVersion()).isEqualTo("1");
        }
        assertThat(a.receipts().get(a.receipts().size() - 1).catalogueVersion()).isEqualTo("1");
        assertThat(history).hasSize(2);
    }

    @Test
    void aNodeThatCannotReadTheAdoptionsForTheLeadFailsClosedOnConsumptionOnly() throws Exception {
        MovingClock clock = new MovingClock();
        Node a = node(database("stale_catalogues"), clock, new CopyOnWriteArrayList<>());
        clock.now.set(NOW.plus(LEAD.dividedBy(2)).minusMillis(1));
        assertThat(a.ask("4.1.1")).isEqualTo(GateVerdict.DENY_RESTRICTED);
        assertThat(a.ask("6.2.4")).isEqualTo(GateVerdict.ALLOW);
        clock.now.set(NOW.plus(LEAD.dividedBy(2)));
        assertThat(a.ask("4.1.1")).as("it may have missed an adoption now in force").isEqualTo(
                GateVerdict.DENY_STATUS_UNKNOWN);
        assertThat(a.ask("6.2.4")).as("an adoption could have made a configuration read consumption")
                .isEqualTo(GateVerdict.DENY_STATUS_UNKNOWN);
        assertThat(a.ask("11.2")).as("firmware always flows (BR4)").isEqualTo(GateVerdict.ALLOW);
        clock.now.set(NOW.minusSeconds(1));
        assertThat(a.ask("4.1.1")).as("a clock stepped back: not known until read again").isEqualTo(
                GateVerdict.DENY_STATUS_UNKNOWN);
        a.catalogues().refresh();
        assertThat(a.ask("4.1.1")).isEqualTo(GateVerdict.DENY_RESTRICTED);
    }

    @Test
    void aStoredFileAlteredAfterItsAdoptionMakesTheScheduleUnknown() throws Exception {
        DriverManagerDataSource database = database("altered_catalogues");
        MovingClock clock = new MovingClock();
        Node a = node(database, clock, new CopyOnWriteArrayList<>());
        a.catalogues().adopt(DCC, "adopt-2", NOW.plus(Duration.ofMinutes(5)), reclassified("2"));
        new JdbcTemplate(database).update("UPDATE gate_catalogue_adoption SET catalogue_csv = REPLACE(catalogue_csv,"
                + " '4.1.1,CONSUMPTION_READ,NONE', '4.1.1,CONSUMPTION_READ,ALL')");
        Node b = node(database, clock, new CopyOnWriteArrayList<>());
        assertThat(b.ask("4.1.1")).as("b could not load the altered file: it does not know").isEqualTo(
                GateVerdict.DENY_STATUS_UNKNOWN);
        assertThat(b.ask("11.2")).isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void badAdoptionsAreRefusedAndRecordNothing() throws Exception {
        MovingClock clock = new MovingClock();
        List<Object> history = new CopyOnWriteArrayList<>();
        Node a = node(database("bad_catalogues"), clock, history);
        Instant from = NOW.plus(Duration.ofMinutes(5));
        String v2 = reclassified("2");
        record Bad(String id, Instant from, String csv, ServiceRefusal code) {
        }
        a.catalogues().adopt(DCC, "ok", from, v2);
        for (Bad bad : List.of(new Bad("malformed", from, "srv,class\n", ServiceRefusal.CATALOGUE_INVALID),
                new Bad("missing", from, v2.replace("\n11.2,FIRMWARE,NONE,Read Firmware Version,", ""),
                        ServiceRefusal.CATALOGUE_INVALID),
                new Bad("soon", NOW.plusSeconds(59), v2, ServiceRefusal.CATALOGUE_EFFECTIVE_TOO_SOON),
                new Bad("past", NOW.minusSeconds(1), v2, ServiceRefusal.CATALOGUE_EFFECTIVE_TOO_SOON),
                new Bad("conflict", from, reclassified("2").replace("\n6.2.4,CONFIGURATION,ALL,", "\n6.2.4,CONFIGURATION,NONE,"),
                        ServiceRefusal.CATALOGUE_VERSION_CONFLICT),
                new Bad("firmware", from, v2.replace("# version: 2", "# version: 3").replace("\n11.2,FIRMWARE,NONE,",
                        "\n11.2,FIRMWARE,ALL,"), ServiceRefusal.CATALOGUE_INVALID),
                new Bad("relabel", from, v2.replace("# version: 2", "# version: 3").replace("\n11.2,FIRMWARE,NONE,",
                        "\n11.2,CONFIGURATION,NONE,"), ServiceRefusal.CATALOGUE_INVALID),
                new Bad("bundled-version", from, v2.replace("# version: 2", "# version: 1"),
                        ServiceRefusal.CATALOGUE_VERSION_CONFLICT),
                new Bad("ok", from.plusSeconds(1), v2, ServiceRefusal.CATALOGUE_ADOPTION_ID_REUSED))) {
            assertThatThrownBy(() -> a.catalogues().adopt(DCC, bad.id(), bad.from(), bad.csv())).as(bad.id())
                    .isInstanceOfSatisfying(CatalogueRefused.class, refused -> assertThat(refused.code())
                            .isEqualTo(bad.code()));
        }
        assertThat(a.catalogues().adopt(DCC, "ok", from, v2).fresh()).as("the same adoption again").isFalse();
        assertThat(a.catalogues().adoptions().adoptions()).extracting(x -> x.adoptionId()).containsExactly("ok");
        assertThat(history).hasSize(1);
    }
}
