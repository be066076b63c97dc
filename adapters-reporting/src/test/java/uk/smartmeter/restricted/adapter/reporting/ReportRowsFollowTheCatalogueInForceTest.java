package uk.smartmeter.restricted.adapter.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.application.port.out.OutcomeLogs;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvClass;
import uk.smartmeter.restricted.domain.reporting.CatalogueTimeline;
import uk.smartmeter.restricted.domain.reporting.Exclusion;
import uk.smartmeter.restricted.domain.reporting.MonthFacts;
import uk.smartmeter.restricted.domain.reporting.MonthlyMeasures;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;
import uk.smartmeter.restricted.domain.reporting.OutcomeRow;
import uk.smartmeter.restricted.domain.reporting.SrvIndex;

/**
 * Issue 18: a month's report classifies each row by the SRV catalogue in force at its time, and names every version in
 * force. October of {@link AHandComputedMonthTest}, with a catalogue that counts 11.2 (firmware read) as consumption
 * adopted from 16 October: D10 (Central, Restricted from the 16th) has three firmware reads delivered after it, which
 * are now left out as Restricted consumption; nothing before the 16th changes; one catalogue all month reads as before.
 */
class ReportRowsFollowTheCatalogueInForceTest {

    private static final YearMonth OCTOBER = YearMonth.of(2026, 10);
    private static final Instant SWITCH = Instant.parse("2026-10-16T00:00:00Z");

    private static MonthlyReport report(List<CatalogueTimeline.Step> steps, List<String> explained) throws Exception {
        String log = AHandComputedMonthTest.log();
        MonthFacts facts = new MonthFacts(OCTOBER);
        AHandComputedMonthTest.events().forEach(facts::on);
        AHandComputedMonthTest.receipts(log).forEach(facts::on);
        MonthFacts.Month month = facts.finish();
        SrvCatalogue live = SrvCatalogue.bundled();
        SrvIndex srvs = new SrvIndex(live);
        CatalogueTimeline timeline = new CatalogueTimeline(srvs, steps);
        Map<SrvClass, Integer> targets = new EnumMap<>(SrvClass.class);
        for (SrvClass srvClass : SrvClass.values()) {
            targets.put(srvClass, srvClass == SrvClass.CONSUMPTION_READ ? 5_000 : 10_000);
        }
        MonthlyMeasures measures = new MonthlyMeasures(month, srvs, timeline, targets, new MonthlyMeasures.ExplainSink() {
            @Override
            public void excluded(OutcomeRow row, Exclusion reason) {
                explained.add(row.requestId() + " " + reason);
            }
        });
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        OutcomeLogs.Read read = OutcomeLogPass.read(List.of(new OutcomeLogPass.Log("october.csv",
                () -> new ByteArrayInputStream(bytes))), srvs, OCTOBER, measures, (b, r) -> { });
        return MonthlyReport.of(month, measures, 0, timeline.versions(), targets, read.inputs(), read.malformed(),
                read.named());
    }

    private static MonthlyReport.RegionFigures central(MonthlyReport report) {
        return report.regions().stream().filter(r -> r.region().equals("CENTRAL")).findFirst().orElseThrow();
    }

    @Test
    void rowsAfterAnAdoptionAreClassifiedByItAndTheReportNamesBothVersions() throws Exception {
        SrvCatalogue firmwareIsConsumption = SrvCatalogue.parse(new StringReader(Candidates.of("2",
                (srv, scope) -> srv.equals("11.2") ? "ALL" : scope)));
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        MonthlyReport one = report(List.of(new CatalogueTimeline.Step(null, SrvCatalogue.bundled())), before);
        MonthlyReport two = report(CatalogueTimeline.within(List.of(new CatalogueTimeline.Step(null,
                SrvCatalogue.bundled()), new CatalogueTimeline.Step(SWITCH, firmwareIsConsumption)),
                Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")), after);

        assertThat(one.catalogueVersion()).as("one catalogue all month: named as before adoptions existed")
                .isEqualTo("1");
        assertThat(two.catalogueVersion()).isEqualTo("1, 2 from 2026-10-16T00:00:00Z");
        assertThat(central(two).restrictedConsumption()).isEqualTo(central(one).restrictedConsumption() + 3);
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        assertThat(added).containsExactlyInAnyOrder("REQ-10-5 RESTRICTED_CONSUMPTION", "REQ-10-7 RESTRICTED_CONSUMPTION",
                "REQ-10-9 RESTRICTED_CONSUMPTION");
    }

    @Test
    void anAdoptionBeforeTheMonthIsTheMonthsOnlyCatalogueAndOneAfterItIsNone() throws Exception {
        SrvCatalogue two = SrvCatalogue.parse(new StringReader(Candidates.of("2", (srv, scope) -> scope)));
        List<CatalogueTimeline.Step> schedule = List.of(new CatalogueTimeline.Step(null, SrvCatalogue.bundled()),
                new CatalogueTimeline.Step(Instant.parse("2026-09-20T00:00:00Z"), two),
                new CatalogueTimeline.Step(Instant.parse("2026-11-03T00:00:00Z"), SrvCatalogue.bundled()));
        List<CatalogueTimeline.Step> october = CatalogueTimeline.within(schedule, Instant.parse("2026-10-01T00:00:00Z"),
                Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(october).singleElement().satisfies(step -> {
            assertThat(step.from()).isNull();
            assertThat(step.catalogue().version()).isEqualTo("2");
        });
        List<CatalogueTimeline.Step> november = CatalogueTimeline.within(schedule,
                Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(new CatalogueTimeline(new SrvIndex(SrvCatalogue.bundled()), november).versions())
                .isEqualTo("2, 1 from 2026-11-03T00:00:00Z");
    }
}
