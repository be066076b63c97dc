package uk.smartmeter.restricted.adapter.reporting.bench;

import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import uk.smartmeter.restricted.adapter.reporting.OutcomeLogGenerator;
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
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvClass;
import uk.smartmeter.restricted.domain.reporting.MonthFacts;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;
import uk.smartmeter.restricted.adapter.reporting.OutcomeLogPass;

/**
 * The outcome-log pass, timed on a generated file:
 * {@code ReportPassBench <file> <rows> <devices>} writes the file when it is not there (seed 2026, 2% of the
 * devices Restricted, 1% unanswered, 2% slow), gives the month's facts the same Restricted devices, then
 * reads the file once and prints rows/s, the old generation's use and the collections.
 */
public final class ReportPassBench {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        int devices = Integer.parseInt(args[2]);
        YearMonth month = YearMonth.of(2026, 10);
        OutcomeLogGenerator generator = new OutcomeLogGenerator(month, rows, devices, 0.02, 0.01, 0.02, 0.6, 2026);
        if (!Files.exists(file)) {
            long started = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(new FileOutputStream(file.toFile()), 1 << 20)) {
                generator.write(out);
            }
            System.out.printf("generated %,d rows (%,d bytes) in %.1f s%n", rows, Files.size(file),
                    (System.nanoTime() - started) / 1e9);
        }
        MonthFacts facts = new MonthFacts(month);
        Actor dcc = Actor.of("DCC-DSP", UserRole.DCC);
        ResponsibleSupplier supplier = ResponsibleSupplier.of("SUPPLIER-A", UserRole.IS);
        Instant enrolled = Instant.parse("2026-09-01T00:00:00Z");
        // every device the log names is in the store (the region lookup runs over all of them), the first 2%
        // Restricted, and each R1 row of the log has the gate's receipt (read from the file before the clock starts)
        for (int n = 0; n < devices; n++) {
            DeviceId id = DeviceId.of(OutcomeLogGenerator.deviceId(n));
            facts.on(new DeviceEnrolled(id, dcc, enrolled, enrolled, DeviceType.ESME, SmetsVersion.SMETS2,
                    SmiStatus.COMMISSIONED, id, SmiStatus.COMMISSIONED, null, Mpxn.of(String.format("19%011d", n)),
                    CspRegion.values()[n % 3], PaymentMode.CREDIT, supplier, new SiteCharacteristics(false, false, false)));
            if (n < generator.restrictedDevices()) {
                facts.on(new RestrictionApplied(id, new Actor(supplier.party(), UserRole.IS, null), enrolled,
                        enrolled, supplier, new Attestation("RS", LocalDate.of(2026, 8, 1))));
            }
        }
        long receipts = 0;
        try (java.io.BufferedReader lines = Files.newBufferedReader(file)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.contains(",REJECTED,R")) {
                    String[] f = line.split(",", -1);
                    facts.on(new uk.smartmeter.restricted.domain.gate.GateDenied(f[1], DeviceId.of(f[4]),
                            DeviceId.of(f[4]), 1L, null, null, "SERVICE_REQUEST", f[3], null, f[7],
                            Instant.parse(f[0]), "bench"));
                    receipts++;
                }
            }
        }
        System.out.printf("the store: %,d meters, %,d Restricted, %,d gate receipts%n", devices,
                generator.restrictedDevices(), receipts);
        Map<SrvClass, Integer> targets = new EnumMap<>(SrvClass.class);
        for (SrvClass srvClass : SrvClass.values()) {
            targets.put(srvClass, 30_000);
        }
        long size = Files.size(file);
        AtomicLong excluded = new AtomicLong();
        long oldBefore = oldGenerationUsed();
        long collectionsBefore = collections();
        long started = System.nanoTime();
        MonthlyReport report = OutcomeLogPass.compute(facts.finish(), 0, SrvCatalogue.bundled(), targets,
                List.of(new OutcomeLogPass.Log(file.getFileName().toString(), () -> new FileInputStream(file.toFile()))),
                (row, reason) -> excluded.incrementAndGet(), (bytes, lines) -> { });
        double seconds = (System.nanoTime() - started) / 1e9;
        long read = report.logs().get(0).rows();
        System.out.printf("read %,d rows (%,d bytes, %,d malformed) in %.2f s: %,.0f rows/s, %.0f MB/s%n", read,
                size, report.malformedRows(), seconds, read / seconds, size / seconds / 1e6);
        System.out.printf("unverified claims %,d (TOTAL)%n", report.regions().get(4).unverifiedDenialClaims());
        System.out.printf("excluded %,d rows; reported %s, adjusted %s (TOTAL); sha256 %s%n", excluded.get(),
                report.regions().get(4).reportedShare(), report.regions().get(4).adjustedShare(),
                report.logs().get(0).sha256());
        System.out.printf("old generation used: %,d bytes before, %,d after; %d collections during the pass%n",
                oldBefore, oldGenerationUsed(), collections() - collectionsBefore);
        whatIf(facts, file, read / seconds);
    }

    /**
     * Issue 18, F15: the same pass with a what-if sink, in the same run: a candidate that no longer counts 4.1.1 as
     * consumption and counts 11.2 as consumption, every changed row written as its CSV record (to nowhere).
     */
    private static void whatIf(MonthFacts facts, Path file, double reportRowsPerSecond) throws Exception {
        SrvCatalogue live = SrvCatalogue.bundled();
        SrvCatalogue candidate = SrvCatalogue.parse(new java.io.StringReader(uk.smartmeter.restricted.adapter.reporting
                .Candidates.of("2-bench", (srv, scope) -> srv.equals("4.1.1") ? "NONE" : srv.equals("11.2") ? "ALL"
                        : scope)));
        uk.smartmeter.restricted.domain.reporting.SrvIndex srvs = new uk.smartmeter.restricted.domain.reporting
                .SrvIndex(live);
        java.io.Writer nowhere = java.io.Writer.nullWriter();
        uk.smartmeter.restricted.domain.reporting.WhatIf whatIf = new uk.smartmeter.restricted.domain.reporting.WhatIf(
                facts.finish(), srvs, live, candidate, (row, direction, type, supplier) -> {
                    try {
                        nowhere.write(uk.smartmeter.restricted.domain.history.HashChain.csvRecord(List.of(row.file(),
                                Long.toString(row.line()), row.requestId(), row.deviceId(), row.srvText(),
                                direction.name(), type.name(), supplier)));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        long started = System.nanoTime();
        OutcomeLogPass.read(List.of(new OutcomeLogPass.Log(file.getFileName().toString(),
                () -> new FileInputStream(file.toFile()))), srvs, YearMonth.of(2026, 10), whatIf, (bytes, lines) -> { });
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("what-if: read %,d rows in %.2f s: %,.0f rows/s (%.2f of the report pass); %,d on Restricted"
                + " meters, %,d DENY_TO_ALLOW, %,d ALLOW_TO_DENY%n", whatIf.rows(), seconds, whatIf.rows() / seconds,
                whatIf.rows() / seconds / reportRowsPerSecond, whatIf.onRestrictedMeters(),
                whatIf.counts(uk.smartmeter.restricted.domain.reporting.WhatIf.Direction.DENY_TO_ALLOW).rows(),
                whatIf.counts(uk.smartmeter.restricted.domain.reporting.WhatIf.Direction.ALLOW_TO_DENY).rows());
    }

    private static long oldGenerationUsed() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().contains("Old Gen") || pool.getName().contains("Tenured")) {
                return pool.getUsage().getUsed();
            }
        }
        return -1;
    }

    private static long collections() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += gc.getCollectionCount();
        }
        return count;
    }
}
