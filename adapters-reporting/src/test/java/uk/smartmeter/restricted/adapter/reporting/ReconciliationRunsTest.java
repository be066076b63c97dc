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
import static uk.smartmeter.restricted.domain.reconciliation.RegistrationScope.DELTA;
import static uk.smartmeter.restricted.domain.reconciliation.RegistrationScope.SNAPSHOT;

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
                Clock.fixed(NOW, ZoneOffset.UTC), "a", Runnable::run).run(DCC, "g1", List.of("generated.csv"), SNAPSHOT, r -> { });

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
                        return node.start(DCC, id, List.of("delta.ndjson"), DELTA);
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
        assertThat(a.start(DCC, "d1", List.of("snapshot.csv"), SNAPSHOT).fresh()).isTrue();
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
                "a", Runnable::run).run(DCC, "u1", List.of("broken.csv"), SNAPSHOT, r -> { });

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

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static final String LINE_9 = "1000000000000,ELECTRICITY,SUPPLIER-9,IS,2026-01-01\n";

    @Test
    void aDeltaComparesOnlyThePointsItListsWhereASnapshotCallsEveryOtherMeterUnregistered() throws Exception {
        registration("day.csv", (RegistrationFiles.HEADER + "\n" + LINE_9).getBytes(StandardCharsets.UTF_8));
        DriverManagerDataSource database = database("scope");
        RecordedEvents events = new RecordedEvents();
        ReconciliationService node = node(database, new GeneratedStore(10), events, Clock.fixed(NOW, ZoneOffset.UTC),
                "a", Runnable::run);

        ReconciliationRun delta = node.run(DCC, "delta-1", List.of("day.csv"), DELTA, r -> { });
        ReconciliationRun snapshot = node.run(DCC, "snapshot-1", List.of("day.csv"), SNAPSHOT, r -> { });

        assertThat(delta.state()).isEqualTo(ReconciliationRun.DONE);
        assertThat(delta.scope()).isEqualTo(DELTA);
        assertThat(delta.counts().get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED)).isEqualTo(1);
        assertThat(delta.counts().get(MismatchKind.NO_REGISTRATION)).as("a delta lists only the day's changes")
                .isZero();
        assertThat(snapshot.counts().get(MismatchKind.NO_REGISTRATION)).isEqualTo(9);
        assertThat(events.reconciled()).extracting(RegistrationReconciled::scope).containsExactly(DELTA, SNAPSHOT);
        assertThat(events.reconciled().get(0).summary()).contains("(DELTA)");
    }

    @Test
    void theSameIdWithAnotherScopeIsRefused() throws Exception {
        registration("day.csv", (RegistrationFiles.HEADER + "\n" + LINE_9).getBytes(StandardCharsets.UTF_8));
        ReconciliationService node = node(database("rescope"), new GeneratedStore(10), new RecordedEvents(),
                Clock.fixed(NOW, ZoneOffset.UTC), "a", Runnable::run);
        node.run(DCC, "r1", List.of("day.csv"), DELTA, r -> { });

        assertThat(node.start(DCC, "r1", List.of("day.csv"), DELTA).fresh()).as("a repeat").isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.start(DCC, "r1", List.of("day.csv"), SNAPSHOT))
                .isInstanceOf(uk.smartmeter.restricted.application.reconciliation.ReconciliationRefused.class)
                .hasMessageContaining("another scope");
    }

    @Test
    void anEmptySnapshotFailsAndIsRecordedWithItsInputsRatherThanCallEveryMeterUnregistered() throws Exception {
        byte[] empty = (RegistrationFiles.HEADER + "\nnot-a-meter-point,ELECTRICITY,SUPPLIER-0,IS,2026-01-01\n")
                .getBytes(StandardCharsets.UTF_8);
        registration("empty.csv", empty);
        RecordedEvents events = new RecordedEvents();
        ReconciliationService node = node(database("empty"), new GeneratedStore(10), events,
                Clock.fixed(NOW, ZoneOffset.UTC), "a", Runnable::run);

        ReconciliationRun run = node.run(DCC, "e1", List.of("empty.csv"), SNAPSHOT, r -> { });
        ReconciliationRun delta = node.run(DCC, "e2", List.of("empty.csv"), DELTA, r -> { });

        assertThat(run.state()).isEqualTo(ReconciliationRun.FAILED);
        assertThat(run.detail()).contains("no meter point in force", "10 enrolled meters");
        assertThat(delta.state()).as("an empty delta is a quiet day").isEqualTo(ReconciliationRun.DONE);
        assertThat(delta.counts().values()).containsOnly(0L);
        assertThat(events.reconciled().get(0)).satisfies(recorded -> {
            assertThat(recorded.outcome()).isEqualTo("FAILED");
            assertThat(recorded.inputs()).singleElement().satisfies(input -> {
                assertThat(input.sha256()).isEqualTo(sha256(empty));
                assertThat(input.badLines()).isEqualTo(1);
            });
        });
    }

    @Test
    void eachFindingNamesTheRegistrationFileAndLineItRestsOn() throws Exception {
        registration("a.csv", (RegistrationFiles.HEADER + "\n1000000000002,ELECTRICITY,SUPPLIER-2,IS,2026-01-01\n")
                .getBytes(StandardCharsets.UTF_8));
        registration("b.ndjson", ("{\"mpxn\":\"1000000000002\",\"fuel\":\"ELECTRICITY\",\"supplierId\":\"SUPPLIER-2\","
                + "\"supplierRole\":\"IS\",\"effectiveFrom\":\"2026-01-01\"}\n" + "{\"mpxn\":\"1000000000000\","
                + "\"fuel\":\"ELECTRICITY\",\"supplierId\":\"SUPPLIER-9\",\"supplierRole\":\"IS\","
                + "\"effectiveFrom\":\"2026-01-01\"}\n").getBytes(StandardCharsets.UTF_8));
        ReconciliationService node = node(database("named"), new GeneratedStore(10), new RecordedEvents(),
                Clock.fixed(NOW, ZoneOffset.UTC), "a", Runnable::run);
        node.run(DCC, "n1", List.of("a.csv", "b.ndjson"), DELTA, r -> { });

        assertThat(node.findings("n1", MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED, 0, 10).orElseThrow().findings())
                .singleElement().satisfies(finding -> {
                    assertThat(finding.file()).isEqualTo("b.ndjson");
                    assertThat(finding.line()).isEqualTo(2);
                });
        try (var csv = node.form("n1", "findings").orElseThrow()) {
            assertThat(new String(csv.readAllBytes(), StandardCharsets.UTF_8))
                    .contains(",registration_file,registration_line,")
                    .contains("CHANGE_OF_SUPPLIER_NOT_RECEIVED,false,1000000000000,00-DB-40-00-00-00-00-00,b.ndjson,2,");
        }
    }

    @Test
    void theHistoryEntryNamesTheSha256OfEveryFormServed() throws Exception {
        registration("day.csv", (RegistrationFiles.HEADER + "\n" + LINE_9).getBytes(StandardCharsets.UTF_8));
        RecordedEvents events = new RecordedEvents();
        ReconciliationService node = node(database("digests"), new GeneratedStore(10), events,
                Clock.fixed(NOW, ZoneOffset.UTC), "a", Runnable::run);
        node.run(DCC, "h1", List.of("day.csv"), SNAPSHOT, r -> { });

        RegistrationReconciled recorded = events.reconciled().get(0);
        for (String form : List.of("json", "csv", "svg", "findings", "bad-lines")) {
            try (var in = node.form("h1", form).orElseThrow()) {
                assertThat(recorded.forms().get(form)).as(form).isEqualTo(sha256(in.readAllBytes()));
            }
            assertThat(recorded.summary()).contains(form + " sha256 " + recorded.forms().get(form));
        }
        assertThat(recorded.forms()).containsKeys("NO_REGISTRATION", "NO_REGISTRATION.idx");
    }

    @Test
    void aListingRewrittenWithItsSizeAndTimeKeptIsRefusedOnTheNextPage() throws Exception {
        registration("day.csv", (RegistrationFiles.HEADER + "\n" + LINE_9).getBytes(StandardCharsets.UTF_8));
        ReconciliationService node = node(database("rewritten"), new GeneratedStore(600), new RecordedEvents(),
                Clock.fixed(NOW, ZoneOffset.UTC), "a", Runnable::run);
        node.run(DCC, "w1", List.of("day.csv"), SNAPSHOT, r -> { });
        assertThat(node.findings("w1", MismatchKind.NO_REGISTRATION, 300, 5).orElseThrow().findings()).hasSize(5);

        Path listing = dir.resolve("reports/reconciliations/w1/NO_REGISTRATION.ndjson");
        var time = Files.getLastModifiedTime(listing);
        byte[] bytes = Files.readAllBytes(listing);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int at = text.lastIndexOf("\"restricted\":false");
        byte[] forged = (text.substring(0, at) + "\"restricted\":true!" + text.substring(at + 18))
                .getBytes(StandardCharsets.UTF_8);
        assertThat(forged).hasSameSizeAs(bytes);
        Files.write(listing, forged);
        Files.setLastModifiedTime(listing, time);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.findings("w1", MismatchKind.NO_REGISTRATION,
                        590, 5)).isInstanceOf(uk.smartmeter.restricted.application.reconciliation
                        .ReconciliationRefused.class).hasMessageContaining("NO_REGISTRATION.ndjson");
        assertThat(node.findings("w1", MismatchKind.NO_REGISTRATION, 0, 5).orElseThrow().findings())
                .as("a block the forgery did not touch still reads").hasSize(5);

        Path index = dir.resolve("reports/reconciliations/w1/NO_REGISTRATION.idx");
        byte[] offsets = Files.readAllBytes(index);
        offsets[offsets.length - 1] ^= 1;
        Files.write(index, offsets);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.findings("w1", MismatchKind.NO_REGISTRATION,
                        0, 5)).isInstanceOf(uk.smartmeter.restricted.application.reconciliation
                        .ReconciliationRefused.class).hasMessageContaining("NO_REGISTRATION.idx");
    }

    @Test
    void aFormChangedWhileItIsReadEndsInAnErrorNotACleanEnd() throws Exception {
        registration("day.csv", (RegistrationFiles.HEADER + "\n" + LINE_9).getBytes(StandardCharsets.UTF_8));
        ReconciliationService node = node(database("changed"), new GeneratedStore(10), new RecordedEvents(),
                Clock.fixed(NOW, ZoneOffset.UTC), "a", Runnable::run);
        node.run(DCC, "c1", List.of("day.csv"), SNAPSHOT, r -> { });
        Path csv = dir.resolve("reports/reconciliations/c1/report.csv");
        byte[] bytes = Files.readAllBytes(csv);

        try (var in = node.form("c1", "csv").orElseThrow()) {
            bytes[bytes.length - 3] = (byte) (bytes[bytes.length - 3] == '0' ? '1' : '0');
            try (var same = java.nio.channels.FileChannel.open(csv, java.nio.file.StandardOpenOption.WRITE)) {
                same.write(java.nio.ByteBuffer.wrap(bytes), 0);
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("report.csv");
        }
    }

    @Test
    void pagesAcrossBlockBoundariesAreExactlyTheListingAndARunWithoutBlockDigestsIsCheckedWhole() throws Exception {
        registration("day.csv", (RegistrationFiles.HEADER + "\n" + LINE_9).getBytes(StandardCharsets.UTF_8));
        DriverManagerDataSource database = database("boundaries");
        ReconciliationService node = node(database, new GeneratedStore(769), new RecordedEvents(),
                Clock.fixed(NOW, ZoneOffset.UTC), "a", Runnable::run);
        ReconciliationRun run = node.run(DCC, "b1", List.of("day.csv"), SNAPSHOT, r -> { });
        List<String> listing;
        try (var csv = node.form("b1", "findings").orElseThrow()) {
            listing = new String(csv.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.startsWith("NO_REGISTRATION,")).map(line -> line.split(",")[3]).toList();
        }
        assertThat(listing).hasSize(768).doesNotHaveDuplicates();

        for (long cursor : new long[] {0, 250, 255, 256, 257, 511, 512, 760, 767}) {
            var page = node.findings("b1", MismatchKind.NO_REGISTRATION, cursor, 10).orElseThrow();
            int to = (int) Math.min(cursor + 10, 768);
            assertThat(page.findings()).extracting(m -> m.deviceId().value()).as("from %d", cursor)
                    .containsExactlyElementsOf(listing.subList((int) cursor, to));
            assertThat(page.nextCursor()).isEqualTo(to < 768 ? Long.valueOf(to) : null);
        }
        assertThat(node.findings("b1", MismatchKind.NO_REGISTRATION, 0, 1000).orElseThrow().findings())
                .extracting(m -> m.deviceId().value()).containsExactlyElementsOf(listing);
        assertThat(node.findings("b1", MismatchKind.NO_REGISTRATION, 768, 10).orElseThrow().findings()).isEmpty();

        // a run finished before listings had block digests: its listing is checked whole against its SHA-256
        java.util.Map<String, String> older = new java.util.TreeMap<>(run.forms());
        older.remove("NO_REGISTRATION.idx");
        ReconciliationRun legacy = run.done(older);
        FileReconciliationStore store = new FileReconciliationStore(new JdbcTemplate(database), null,
                dir.resolve("reports"));
        assertThat(store.page(legacy, MismatchKind.NO_REGISTRATION, 255, 3).orElseThrow().findings())
                .extracting(m -> m.deviceId().value()).containsExactlyElementsOf(listing.subList(255, 258));
        Path file = dir.resolve("reports/reconciliations/b1/NO_REGISTRATION.ndjson");
        Files.write(file, new byte[] {' '}, java.nio.file.StandardOpenOption.APPEND);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.page(legacy, MismatchKind.NO_REGISTRATION, 0, 3))
                .isInstanceOf(uk.smartmeter.restricted.application.reconciliation.ReconciliationRefused.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.page(run, MismatchKind.NO_REGISTRATION, 767, 3))
                .as("bytes appended to the last block").isInstanceOf(uk.smartmeter.restricted.application
                        .reconciliation.ReconciliationRefused.class);
    }
}
