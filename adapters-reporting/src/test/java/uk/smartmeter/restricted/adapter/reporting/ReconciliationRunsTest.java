package uk.smartmeter.restricted.adapter.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.port.in.ReconcileRegistration;
import uk.smartmeter.restricted.application.port.out.ReconciliationRun;
import uk.smartmeter.restricted.application.port.out.DeviceEventLog;
import uk.smartmeter.restricted.application.port.out.ServiceEvents;
import uk.smartmeter.restricted.application.reconciliation.ReconciliationService;
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
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.reconciliation.MismatchKind;
import uk.smartmeter.restricted.domain.reconciliation.RegistrationReconciled;

/**
 * Reconciliation runs against a generated store and registration file (the benchmark's layout, at a test's size), on
 * two nodes sharing one database: the counts are exactly what the generator planted, one run for one ID however many
 * nodes are asked at once, and a run whose node died is failed and recorded by the next node that looks.
 */
class ReconciliationRunsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final Actor DCC = Actor.of("DCC-DSP", UserRole.DCC);

    @TempDir
    Path dir;

    /** The store of {@code bench/history-data.sh}'s layout; every 10th meter (from the 3rd) Restricted. */
    static final class GeneratedStore implements DeviceEventLog {
        private final int meters;

        GeneratedStore(int meters) {
            this.meters = meters;
        }

        static boolean restricted(int m) {
            return m % 10 == 3;
        }

        @Override
        public long head() {
            return 2L * meters;
        }

        @Override
        public long replay(long after, long upTo, Listener listener) {
            Actor dsp = Actor.of("DCC-DSP", UserRole.DCC);
            long position = 0;
            for (int m = 0; m < meters; m++) {
                DeviceId id = DeviceId.fromEui64(0x00DB_4000_0000_0000L + m);
                boolean gas = m % 2 == 1;
                ResponsibleSupplier supplier = new ResponsibleSupplier(PartyId.of("SUPPLIER-" + (m % 20)),
                        gas ? UserRole.GS : UserRole.IS);
                listener.event(position++, new DeviceEnrolled(id, dsp, NOW, NOW, gas ? DeviceType.GSME : DeviceType.ESME,
                        SmetsVersion.SMETS2, SmiStatus.COMMISSIONED, DeviceId.fromEui64(0x00DB_5000_0000_0000L + m),
                        SmiStatus.COMMISSIONED, gas ? DeviceId.fromEui64(0x00DB_6000_0000_0000L + m) : null,
                        new Mpxn(gas ? String.valueOf(1_000_000 + m) : String.valueOf(1_000_000_000_000L + m)),
                        CspRegion.values()[m % 3], PaymentMode.CREDIT, supplier,
                        new SiteCharacteristics(false, false, false)));
                if (restricted(m)) {
                    listener.event(position++, new RestrictionApplied(id, new Actor(supplier.party(), supplier.role(),
                            null), NOW, NOW, supplier, new Attestation("RS-" + m, java.time.LocalDate.of(2025, 1, 1))));
                }
            }
            return position;
        }
    }

    static final class RecordedEvents implements ServiceEvents {
        final List<Object> published = new CopyOnWriteArrayList<>();
        private final AtomicLong index = new AtomicLong();

        @Override
        public long publish(Object event) {
            published.add(event);
            return index.incrementAndGet();
        }

        List<RegistrationReconciled> reconciled() {
            return published.stream().filter(RegistrationReconciled.class::isInstance)
                    .map(RegistrationReconciled.class::cast).toList();
        }
    }

    private DriverManagerDataSource database(String name) {
        DriverManagerDataSource database = new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        JdbcTemplate sql = new JdbcTemplate(database);
        try (var script = getClass().getResourceAsStream("/db/migration/reporting/V6.5__reconciliation.sql")) {
            for (String statement : new String(script.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
                String body = statement.lines().filter(line -> !line.startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
                if (!body.isBlank()) {
                    sql.execute(body);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return database;
    }

    private ReconciliationService node(DriverManagerDataSource database, DeviceEventLog store, ServiceEvents events,
                                       Clock clock, String node, java.util.concurrent.Executor executor) {
        return new ReconciliationService(store, new RegistrationFiles(dir.resolve("registration")),
                new FileReconciliationStore(new JdbcTemplate(database),
                        new TransactionTemplate(new DataSourceTransactionManager(database)), dir.resolve("reports")),
                events, clock, node, executor);
    }

    private Path registration(String name, byte[] content) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("registration"));
        return Files.write(folder.resolve(name), content);
    }

    @Test
    void aGeneratedRunFindsExactlyWhatTheGeneratorPlanted() throws Exception {
        int meters = 20_000;
        RegistrationGenerator generator = new RegistrationGenerator(meters, 200_000);
        Path file = Files.createDirectories(dir.resolve("registration")).resolve("generated.csv");
        long written;
        try (OutputStream out = Files.newOutputStream(file)) {
            written = generator.write(out);
        }
        RecordedEvents events = new RecordedEvents();
        ReconciliationRun run = node(database("generated"), new GeneratedStore(meters), events,
                Clock.fixed(NOW, ZoneOffset.UTC), "a", Runnable::run).run(DCC, "g1", List.of("generated.csv"), r -> { });

        assertThat(run.state()).isEqualTo(ReconciliationRun.DONE);
        assertThat(run.linesRead()).isEqualTo(written).isGreaterThanOrEqualTo(180_000);
        assertThat(run.counts().get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED))
                .isEqualTo(generator.expectedChangeOfSupplierNotReceived()).isPositive();
        assertThat(run.counts().get(MismatchKind.FUEL_OR_ROLE_MISMATCH)).isEqualTo(generator.expectedFuelMismatches());
        assertThat(run.counts().get(MismatchKind.NO_REGISTRATION)).isEqualTo(generator.expectedNoRegistration());
        assertThat(run.counts().get(MismatchKind.MPXN_UNKNOWN)).isEqualTo(generator.unknownPoints());
        long flags = 0;
        for (int m = 0; m < meters; m++) {
            if (GeneratedStore.restricted(m) && m % 97 == 0 && m % 1009 != 0 && m % 499 != 0) {
                flags++;
            }
        }
        assertThat(run.counts().get(MismatchKind.FLAG_UNDER_UNREGISTERED_SUPPLIER)).isEqualTo(flags).isPositive();
        assertThat(run.meterPoints()).as("memory with meter points, not lines")
                .isEqualTo(meters - generator.expectedNoRegistration() + generator.unknownPoints());
        byte[] bytes = Files.readAllBytes(file);
        assertThat(run.inputs().get(0).sha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(events.reconciled()).singleElement().satisfies(recorded -> {
            assertThat(recorded.outcome()).isEqualTo("DONE");
            assertThat(recorded.counts()).isEqualTo(run.counts());
            assertThat(recorded.inputs()).isEqualTo(run.inputs());
        });
    }

    @Test
    void twoNodesAskedForOneRunAtOnceRunItOnce() throws Exception {
        registration("delta.ndjson", ("{\"mpxn\":\"1000000000000\",\"fuel\":\"ELECTRICITY\",\"supplierId\":\"SUPPLIER-9\","
                + "\"supplierRole\":\"IS\",\"effectiveFrom\":\"2026-01-01\"}\r\n").getBytes(StandardCharsets.UTF_8));
        DriverManagerDataSource database = database("two_nodes");
        RecordedEvents events = new RecordedEvents();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ReconciliationService a = node(database, new GeneratedStore(100), events, clock, "a", Runnable::run);
        ReconciliationService b = node(database, new GeneratedStore(100), events, clock, "b", Runnable::run);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 10; round++) {
                String id = "race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<ReconcileRegistration.Started>> answers = new java.util.ArrayList<>();
                for (int caller = 0; caller < 8; caller++) {
                    ReconciliationService node = caller % 2 == 0 ? a : b;
                    answers.add(callers.submit(() -> {
                        go.await();
                        return node.start(DCC, id, List.of("delta.ndjson"));
                    }));
                }
                go.countDown();
                long fresh = 0;
                for (Future<ReconcileRegistration.Started> answer : answers) {
                    fresh += answer.get().fresh() ? 1 : 0;
                }
                assertThat(fresh).as(id).isEqualTo(1);
                assertThat(a.find(id)).hasValueSatisfying(run -> {
                    assertThat(run.state()).isEqualTo(ReconciliationRun.DONE);
                    assertThat(run.counts().get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED)).isEqualTo(1);
                });
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(events.reconciled()).hasSize(10).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("DONE"));
    }

    @Test
    void aRunWhoseNodeDiedIsFailedAndRecordedByTheNextNodeThatLooks() throws Exception {
        registration("snapshot.csv", (RegistrationFiles.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        DriverManagerDataSource database = database("died");
        RecordedEvents events = new RecordedEvents();
        // node a takes the run and dies before it runs it: its task never starts
        ReconciliationService a = node(database, new GeneratedStore(10), events, Clock.fixed(NOW, ZoneOffset.UTC), "a",
                task -> { });
        assertThat(a.start(DCC, "d1", List.of("snapshot.csv")).fresh()).isTrue();
        ReconciliationService b = node(database, new GeneratedStore(10), events,
                Clock.fixed(NOW.plusSeconds(59), ZoneOffset.UTC), "b", Runnable::run);
        assertThat(b.find("d1")).hasValueSatisfying(run -> assertThat(run.state()).isEqualTo("RUNNING"));

        ReconciliationService later = node(database, new GeneratedStore(10), events,
                Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC), "b", Runnable::run);
        assertThat(later.find("d1")).hasValueSatisfying(run -> {
            assertThat(run.state()).isEqualTo(ReconciliationRun.FAILED);
            assertThat(run.detail()).contains("stopped reporting");
        });
        assertThat(events.reconciled()).singleElement().satisfies(recorded -> {
            assertThat(recorded.outcome()).isEqualTo("FAILED");
            assertThat(recorded.reconciliationId()).isEqualTo("d1");
            assertThat(recorded.actor()).isEqualTo(DCC);
        });
        assertThat(later.find("d1")).as("failed once, recorded once").isPresent();
        assertThat(events.reconciled()).hasSize(1);
    }

    @Test
    void aLineThatIsNotUtf8IsABadLineNamedByItsNumber() throws Exception {
        byte[] head = (RegistrationFiles.HEADER + "\n1000000000000,ELECTRICITY,SUPPLIER-0,IS,2024-01-01\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] broken = java.util.Arrays.copyOf(head, head.length + 3);
        broken[head.length] = (byte) 0xC3;
        broken[head.length + 1] = (byte) 0x28;
        broken[head.length + 2] = '\n';
        registration("broken.csv", broken);
        RecordedEvents events = new RecordedEvents();
        DriverManagerDataSource database = database("utf8");
        ReconciliationRun run = node(database, new GeneratedStore(10), events, Clock.fixed(NOW, ZoneOffset.UTC),
                "a", Runnable::run).run(DCC, "u1", List.of("broken.csv"), r -> { });

        assertThat(run.state()).isEqualTo(ReconciliationRun.DONE);
        assertThat(run.inputs().get(0).badLines()).isEqualTo(1);
        assertThat(run.inputs().get(0).lines()).isEqualTo(2);
        assertThat(run.meterPoints()).as("the good line before it was read").isEqualTo(1);
        try (var bad = new FileReconciliationStore(new JdbcTemplate(database), null, dir.resolve("reports"))
                .form(run, "bad-lines").orElseThrow()) {
            assertThat(new String(bad.readAllBytes(), StandardCharsets.UTF_8)).contains("broken.csv,3,line,UTF-8");
        }
        assertThat(events.reconciled()).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo("DONE"));
    }

    @Test
    void ndjsonLinesAreReadLikeCsvAndTheDigestCoversTheWholeFile() throws Exception {
        String ndjson = "{\"mpxn\":\"1000000000000\",\"fuel\":\"ELECTRICITY\",\"supplierId\":\"SUPPLIER-0\","
                + "\"supplierRole\":\"IS\",\"effectiveFrom\":\"2026-01-01T00:00:00+01:00\"}\n"
                + "{\"mpxn\":\"1000000000000\",\"fuel\":\"ELECTRICITY\",\"supplierId\":\"SUPPLIER-0\"}\n"
                + "{\"mpxn\":\"1000000000000\",\"fuel\":\"ELECTRICITY\",\"supplierId\":\"SUPPLIER-0\","
                + "\"supplierRole\":\"IS\",\"effectiveFrom\":\"2026-01-01\",\"extra\":\"x\"}\n"
                + "[1,2]\n"
                + "{\"mpxn\":1000000000001,\"fuel\":\"ELECTRICITY\",\"supplierId\":\"SUPPLIER-0\","
                + "\"supplierRole\":\"IS\",\"effectiveFrom\":\"2026-01-01\"}";
        byte[] bytes = ndjson.getBytes(StandardCharsets.UTF_8);
        registration("delta.jsonl", bytes);
        List<String> bad = new CopyOnWriteArrayList<>();
        List<uk.smartmeter.restricted.domain.reconciliation.Registration> good = new CopyOnWriteArrayList<>();
        var input = new RegistrationFiles(dir.resolve("registration")).read("delta.jsonl", 0,
                new uk.smartmeter.restricted.application.port.out.RegistrationSources.Sink() {
                    @Override
                    public void line(uk.smartmeter.restricted.domain.reconciliation.Registration registration) {
                        good.add(registration);
                    }

                    @Override
                    public void bad(String file, long line, String field, String rule) {
                        bad.add(line + " " + field);
                    }
                }, lines -> { });

        assertThat(good).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(1);
            assertThat(r.effectiveFrom()).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
        });
        assertThat(bad).containsExactly("2 line", "3 line", "4 line", "5 line");
        assertThat(input.lines()).isEqualTo(5);
        assertThat(input.badLines()).isEqualTo(4);
        assertThat(input.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(bytes)));
    }

    @Test
    void aDateIsTheSettlementDayFromMidnightInGreatBritain() throws Exception {
        registration("summer.csv", (RegistrationFiles.HEADER + "\n1000000000000,ELECTRICITY,SUPPLIER-0,IS,2026-07-01\n")
                .getBytes(StandardCharsets.UTF_8));
        List<Instant> from = new CopyOnWriteArrayList<>();
        new RegistrationFiles(dir.resolve("registration")).read("summer.csv", 0,
                new uk.smartmeter.restricted.application.port.out.RegistrationSources.Sink() {
                    @Override
                    public void line(uk.smartmeter.restricted.domain.reconciliation.Registration registration) {
                        from.add(registration.effectiveFrom());
                    }

                    @Override
                    public void bad(String file, long line, String field, String rule) {
                        throw new AssertionError(line + " " + field + " " + rule);
                    }
                }, lines -> { });
        assertThat(from).containsExactly(Instant.parse("2026-06-30T23:00:00Z"));
    }
}
