package uk.smartmeter.restricted.adapter.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.application.port.out.DeviceEventLog;
import uk.smartmeter.restricted.application.port.out.MonthStarts;
import uk.smartmeter.restricted.application.port.out.WhatIfResult;
import uk.smartmeter.restricted.application.reporting.ReportRefused;
import uk.smartmeter.restricted.application.reporting.WhatIfService;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.gate.GateDenied;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.reporting.Exclusion;
import uk.smartmeter.restricted.domain.reporting.MonthFacts;
import uk.smartmeter.restricted.domain.reporting.CatalogueTimeline;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;
import uk.smartmeter.restricted.domain.reporting.WhatIf.Direction;

/**
 * F15: a candidate SRV catalogue over a past month's real traffic. By hand on the October month of
 * {@link AHandComputedMonthTest} with a change in each direction; generated, agreeing with the monthly report's pass;
 * and the answer kept, repeated, refused with other inputs, its list refused when altered, and a malformed candidate
 * refused. Nothing of the live catalogue changes.
 */
class WhatIfReplayTest {

    private static final YearMonth OCTOBER = YearMonth.of(2026, 10);
    private static final Actor DCC = Actor.of("DCC-DSP", UserRole.DCC);

    @TempDir
    Path dir;

    /** The store as a list of events, the receipts as gate denials, in that order. */
    record ListedStore(List<DeviceEvent> events, List<GateDenied> denials) implements DeviceEventLog {
        @Override
        public long head() {
            return events.size() + denials.size() - 1L;
        }

        @Override
        public long replay(long after, long upTo, Listener listener) {
            long position = 0;
            for (DeviceEvent event : events) {
                listener.event(position++, event);
            }
            for (GateDenied denied : denials) {
                listener.denied(position++, denied);
            }
            return position;
        }
    }

    static final MonthStarts NONE = new MonthStarts() {
        @Override
        public Optional<Found> find(YearMonth month) {
            return Optional.empty();
        }

        @Override
        public void read(YearMonth month, Consumer<MonthFacts.MeterState> sink) {
            throw new IllegalStateException();
        }

        @Override
        public void save(YearMonth month, long position, Consumer<Consumer<MonthFacts.MeterState>> states) {
        }
    };

    static String candidate(String version, java.util.function.BinaryOperator<String> change) throws Exception {
        return Candidates.of(version, change);
    }

    private WhatIfService service(DeviceEventLog store) {
        return new WhatIfService(store, new FileOutcomeLogs(dir.resolve("sr-logs")), NONE,
                new FileWhatIfStore(dir.resolve("reports")), SrvCatalogue.bundled(),
                Clock.fixed(Instant.parse("2026-11-05T00:00:00Z"), ZoneOffset.UTC), Long.MAX_VALUE);
    }

    private WhatIfService service(DeviceEventLog store, List<CatalogueTimeline.Step> schedule) {
        return new WhatIfService(store, new FileOutcomeLogs(dir.resolve("sr-logs")), NONE,
                new FileWhatIfStore(dir.resolve("reports")), SrvCatalogue.bundled(),
                Clock.fixed(Instant.parse("2026-11-05T00:00:00Z"), ZoneOffset.UTC), Long.MAX_VALUE, () -> schedule);
    }

    private void log(String name, String content) throws Exception {
        Files.createDirectories(dir.resolve("sr-logs"));
        Files.writeString(dir.resolve("sr-logs").resolve(name), content);
    }

    @Test
    void byHandEachDirectionOfChangeIsCountedBySrvTypeSupplierAndRegion() throws Exception {
        String log = AHandComputedMonthTest.log();
        log("october.csv", log);
        // consumption reads (4.1.1) would no longer be turned away; firmware reads (11.2) would be
        String candidate = candidate("2-what-if", (srv, scope) -> srv.equals("4.1.1") ? "NONE"
                : srv.equals("11.2") ? "ALL" : scope);

        WhatIfResult answer = service(new ListedStore(AHandComputedMonthTest.events(),
                AHandComputedMonthTest.receipts(log))).evaluate(DCC, "w1", OCTOBER, List.of("october.csv"), candidate, 3);

        // D03 (North, SUP-B) all month: 10 consumption reads; D10 (Central, SUP-A) from the 16th: 2 reads and 3
        // firmware reads; D15 (South, SUP-B) until the 11th: 2 reads and 2 firmware reads
        var unblocked = answer.changes().get(Direction.DENY_TO_ALLOW);
        assertThat(unblocked.rows()).isEqualTo(14);
        assertThat(unblocked.bySrv()).isEqualTo(Map.of("4.1.1", 14L));
        assertThat(unblocked.byRegion()).isEqualTo(Map.of("NORTH", 10L, "CENTRAL", 2L, "SOUTH", 2L));
        assertThat(unblocked.bySupplier()).isEqualTo(Map.of("SUP-B/IS", 12L, "SUP-A/IS", 2L));
        assertThat(unblocked.byDeviceType()).isEqualTo(Map.of("ESME", 14L));
        var blocked = answer.changes().get(Direction.ALLOW_TO_DENY);
        assertThat(blocked.rows()).isEqualTo(5);
        assertThat(blocked.bySrv()).isEqualTo(Map.of("11.2", 5L));
        assertThat(blocked.byRegion()).isEqualTo(Map.of("CENTRAL", 3L, "SOUTH", 2L));
        assertThat(blocked.bySupplier()).isEqualTo(Map.of("SUP-A/IS", 3L, "SUP-B/IS", 2L));
        assertThat(answer.onRestrictedMeters()).isEqualTo(10 + 5 + 4);
        assertThat(answer.first()).hasSize(3).allSatisfy(row -> assertThat(row.deviceId())
                .isEqualTo(AHandComputedMonthTest.device(3).value()));
        assertThat(answer.candidateVersion()).isEqualTo("2-what-if");
        assertThat(answer.liveCatalogueVersion()).isEqualTo(SrvCatalogue.bundled().version());
        try (InputStream all = service(new ListedStore(List.of(), List.of())).changes("w1").orElseThrow()) {
            List<String> lines = new String(all.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(1 + 19).first().isEqualTo(WhatIfService.CHANGES_HEADER);
            assertThat(lines).filteredOn(l -> l.contains(",ALLOW_TO_DENY,")).hasSize(5);
        }
        assertThat(SrvCatalogue.bundled().isConsumption(uk.smartmeter.restricted.domain.gate.ServiceReferenceVariant
                .of("4.1.1"), DeviceType.ESME)).as("the live catalogue is unchanged").isTrue();
    }

    @Test
    void theLiveCatalogueAsACandidateChangesNothing() throws Exception {
        String log = AHandComputedMonthTest.log();
        log("october.csv", log);
        WhatIfResult answer = service(new ListedStore(AHandComputedMonthTest.events(),
                AHandComputedMonthTest.receipts(log))).evaluate(DCC, "same", OCTOBER, List.of("october.csv"),
                candidate("1", (srv, scope) -> scope), 10);
        assertThat(answer.changes().values()).allSatisfy(counts -> assertThat(counts.rows()).isZero());
        assertThat(answer.first()).isEmpty();
    }

    @Test
    void generatedTrafficAgreesWithTheMonthlyReportsPass() throws Exception {
        OutcomeLogGenerator generator = new OutcomeLogGenerator(OCTOBER, 200_000, 2_000, 0.05, 0.01, 0.02, 0.6, 18);
        Path file = Files.createDirectories(dir.resolve("sr-logs")).resolve("generated.csv");
        try (var out = Files.newOutputStream(file)) {
            generator.write(out);
        }
        List<DeviceEvent> events = new ArrayList<>();
        Instant before = Instant.parse("2026-09-01T00:00:00Z");
        for (int n = 0; n < generator.devices(); n++) {
            DeviceId id = DeviceId.of(OutcomeLogGenerator.deviceId(n));
            ResponsibleSupplier supplier = ResponsibleSupplier.of("SUP-" + (n % 3), UserRole.IS);
            events.add(new DeviceEnrolled(id, DCC, before, before, DeviceType.ESME, SmetsVersion.SMETS2,
                    SmiStatus.COMMISSIONED, DeviceId.of(OutcomeLogGenerator.deviceId(n).replace("00-DB-52", "00-DB-53")),
                    SmiStatus.COMMISSIONED, null, Mpxn.of(String.format("19%011d", n)), CspRegion.values()[n % 3],
                    PaymentMode.CREDIT, supplier, new SiteCharacteristics(false, false, false)));
            if (n < generator.restrictedDevices()) {
                events.add(new RestrictionApplied(id, new Actor(supplier.party(), UserRole.IS, null), before, before,
                        supplier, new Attestation("RS-" + n, LocalDate.of(2026, 8, 1))));
            }
        }
        String log = Files.readString(file);
        List<GateDenied> receipts = AHandComputedMonthTest.receipts(log);
        List<String> explained = new ArrayList<>();
        MonthlyReport report = AHandComputedMonthTest.compute(events, receipts, log, explained);
        long excluded = regionExcluded(report, "NORTH") + regionExcluded(report, "CENTRAL")
                + regionExcluded(report, "SOUTH") + regionExcluded(report, "UNKNOWN_DEVICE");

        // no SRV carries consumption: everything the report left out as the consumer's choice would go through
        WhatIfResult answer = service(new ListedStore(events, receipts)).evaluate(DCC, "g1", OCTOBER,
                List.of("generated.csv"), candidate("none", (srv, scope) -> "NONE"), 0);

        assertThat(excluded).isPositive();
        assertThat(answer.changes().get(Direction.DENY_TO_ALLOW).rows()).isEqualTo(excluded);
        assertThat(answer.changes().get(Direction.ALLOW_TO_DENY).rows()).isZero();
        assertThat(answer.rows()).isEqualTo(200_000);
        long gateDenialRows = explained.stream().filter(e -> e.endsWith(" " + Exclusion.GATE_DENIAL)).count();
        assertThat(gateDenialRows).as("every exclusion here is a gate denial with its receipt").isEqualTo(excluded);
        assertThat(answer.changes().get(Direction.DENY_TO_ALLOW).byRegion()).isEqualTo(Map.of(
                "NORTH", regionExcluded(report, "NORTH"), "CENTRAL", regionExcluded(report, "CENTRAL"),
                "SOUTH", regionExcluded(report, "SOUTH")));
    }

    private static long regionExcluded(MonthlyReport report, String region) {
        return report.regions().stream().filter(r -> r.region().equals(region))
                .mapToLong(r -> r.gateDenials() + r.restrictedConsumption()).sum();
    }

    @Test
    void anAnswerIsKeptOnceItsIdWithOtherInputsIsRefusedAndAnAlteredListIsNotServed() throws Exception {
        String log = AHandComputedMonthTest.log();
        log("october.csv", log);
        WhatIfService service = service(new ListedStore(AHandComputedMonthTest.events(),
                AHandComputedMonthTest.receipts(log)));
        String candidate = candidate("2", (srv, scope) -> srv.equals("4.1.1") ? "NONE" : scope);
        WhatIfResult first = service.evaluate(DCC, "k1", OCTOBER, List.of("october.csv"), candidate, 5);

        assertThat(service.evaluate(DCC, "k1", OCTOBER, List.of("./october.csv"), candidate, 5)).isEqualTo(first);
        assertThatThrownBy(() -> service.evaluate(DCC, "k1", OCTOBER, List.of("october.csv"),
                candidate("3", (srv, scope) -> scope), 5)).isInstanceOfSatisfying(ReportRefused.class,
                refused -> assertThat(refused.code()).isEqualTo(ServiceRefusal.WHAT_IF_ID_REUSED));
        Path list = dir.resolve("reports").resolve("what-if").resolve("k1").resolve("changes.csv");
        Files.writeString(list, Files.readString(list).replace("DENY_TO_ALLOW", "ALLOW_TO_DENY"));
        assertThatThrownBy(() -> service.changes("k1")).isInstanceOfSatisfying(ReportRefused.class,
                refused -> assertThat(refused.code()).isEqualTo(ServiceRefusal.WHAT_IF_FILE_ALTERED));
    }

    @Test
    void aCandidateThatIsNotValidAsTheLiveOneIsRefusedNamingItsFault() throws Exception {
        log("october.csv", AHandComputedMonthTest.log());
        WhatIfService service = service(new ListedStore(AHandComputedMonthTest.events(), List.of()));
        UnaryOperator<String> dropFirmware = text -> String.join("\n", text.lines()
                .filter(l -> !l.startsWith("11.2,")).toList()) + "\n";
        String valid = candidate("2", (srv, scope) -> scope);
        for (String bad : List.of("", "not,a,catalogue\n", valid.replace("4.1.1,CONSUMPTION_READ,ALL",
                "4.1.1,CONSUMPTION_READ,SOMETIMES"), dropFirmware.apply(valid), valid + "4.1.1,CONSUMPTION_READ,ALL,x,\n")) {
            assertThatThrownBy(() -> service.evaluate(DCC, "bad", OCTOBER, List.of("october.csv"), bad, 5))
                    .as(bad.length() > 60 ? bad.substring(0, 60) : bad)
                    .isInstanceOfSatisfying(ReportRefused.class,
                            refused -> assertThat(refused.code()).isEqualTo(ServiceRefusal.CATALOGUE_INVALID));
        }
        assertThatThrownBy(() -> service.candidate(dropFirmware.apply(valid))).hasMessageContaining("missing [11.2]");
        assertThat(service.find("bad")).isEmpty();
    }

    /** An adopted catalogue in which consumption reads (4.1.1) carry no consumption. */
    private static SrvCatalogue readsAllowed() throws Exception {
        return SrvCatalogue.like(candidate("2-adopted", (srv, scope) -> srv.equals("4.1.1") ? "NONE" : scope),
                SrvCatalogue.bundled());
    }

    @Test
    void theVerdictBeforeIsTheCatalogueInForceAtTheRowsTimeNotTheBundledOne() throws Exception {
        String log = AHandComputedMonthTest.log();
        log("october.csv", log);
        SrvCatalogue adopted = readsAllowed();
        var store = new ListedStore(AHandComputedMonthTest.events(), AHandComputedMonthTest.receipts(log));
        WhatIfResult answer = service(store, List.of(new CatalogueTimeline.Step(null, SrvCatalogue.bundled()),
                new CatalogueTimeline.Step(Instant.parse("2026-09-20T00:00:00Z"), adopted)))
                .evaluate(DCC, "in-force", OCTOBER, List.of("october.csv"), candidate("1", (srv, scope) -> scope), 0);

        // all October under 2-adopted: the bundled catalogue as the candidate would turn the 14 reads away again
        assertThat(answer.liveCatalogueVersion()).isEqualTo("2-adopted");
        assertThat(answer.changes().get(Direction.ALLOW_TO_DENY).rows()).isEqualTo(14);
        assertThat(answer.changes().get(Direction.DENY_TO_ALLOW).rows()).isZero();
    }

    @Test
    void anAdoptionWithinTheMonthSplitsTheRowsAtItsEffectiveTime() throws Exception {
        String log = AHandComputedMonthTest.log();
        log("october.csv", log);
        SrvCatalogue adopted = readsAllowed();
        var store = new ListedStore(AHandComputedMonthTest.events(), AHandComputedMonthTest.receipts(log));
        List<CatalogueTimeline.Step> schedule = List.of(new CatalogueTimeline.Step(null, SrvCatalogue.bundled()),
                new CatalogueTimeline.Step(Instant.parse("2026-10-15T23:00:00Z"), adopted));

        WhatIfResult bundled = service(store, schedule).evaluate(DCC, "split-1", OCTOBER, List.of("october.csv"),
                candidate("1", (srv, scope) -> scope), 0);
        WhatIfResult asAdopted = service(store, schedule).evaluate(DCC, "split-2", OCTOBER, List.of("october.csv"),
                candidate("2-adopted", (srv, scope) -> srv.equals("4.1.1") ? "NONE" : scope), 0);

        assertThat(bundled.liveCatalogueVersion()).isEqualTo("1, 2-adopted from 2026-10-15T23:00:00Z");
        // the bundled catalogue changes only the reads from the 16th (D10 Central is Restricted from then on), the
        // adopted one only the reads before it (D15 South, until the 11th): together the 14 reads, each once
        var fromThe16th = bundled.changes().get(Direction.ALLOW_TO_DENY);
        var beforeThe16th = asAdopted.changes().get(Direction.DENY_TO_ALLOW);
        assertThat(fromThe16th.rows()).isPositive();
        assertThat(beforeThe16th.rows()).isPositive();
        assertThat(fromThe16th.rows() + beforeThe16th.rows()).isEqualTo(14);
        assertThat(fromThe16th.byRegion()).containsEntry("CENTRAL", 2L).doesNotContainKey("SOUTH");
        assertThat(beforeThe16th.byRegion()).containsEntry("SOUTH", 2L).doesNotContainKey("CENTRAL");
        assertThat(bundled.changes().get(Direction.DENY_TO_ALLOW).rows()).isZero();
        assertThat(asAdopted.changes().get(Direction.ALLOW_TO_DENY).rows()).isZero();
    }
}
