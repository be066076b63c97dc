package uk.smartmeter.restricted.domain.reporting;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.gate.ServiceReferenceVariant;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;

/**
 * What a candidate SRV catalogue would have changed (issue 18, F15), row by row over a month's outcome logs, in the
 * same pass and against the same view of the meters as the monthly report. A request's verdict under a catalogue is
 * DENY (R1) when its device, or the gas meter whose GPF it is, was Restricted at the row's time in the store's own
 * record and the catalogue says the SRV carries that meter type's consumption; ALLOW otherwise. The verdict before is
 * the catalogue the gate had in force at the row's time ({@link CatalogueTimeline}), after is the candidate's. Both
 * are computed from the same facts, so a change is the catalogue's alone: ALLOW→DENY (the candidate would turn away what
 * went through) or DENY→ALLOW (it would let through what was turned away). R2 (prepayment) and R3 are not decided by
 * the catalogue and are left out. Rows whose verdict changes go to the sink; the counts are kept by SRV, device type,
 * Supplier (the meter's responsible Supplier at the month's end) and region.
 */
public final class WhatIf implements OutcomeRowSink {

    public enum Direction { ALLOW_TO_DENY, DENY_TO_ALLOW }

    /** Told of every row whose verdict would change. */
    public interface ChangeSink {
        void changed(OutcomeRow row, Direction direction, DeviceType type, String supplier);
    }

    /** Counts of one direction of change, by each dimension (sorted, so that every rendering is the same). */
    public record Counts(long rows, Map<String, Long> bySrv, Map<String, Long> byDeviceType,
                         Map<String, Long> bySupplier, Map<String, Long> byRegion) {
    }

    private final MonthFacts.Month month;
    private final SrvIndex live;
    private final CatalogueTimeline inForce;
    private final boolean[][] candidateConsumption;
    private final ChangeSink sink;
    private long rows;
    private long onRestrictedMeters;
    private final long[] changed = new long[Direction.values().length];
    private final long[][] bySrv;
    private final long[][][] byType = new long[Direction.values().length][DeviceType.values().length][1];
    private final long[][] byRegion = new long[Direction.values().length][CspRegion.values().length];
    private final Map<String, long[]> bySupplier = new TreeMap<>();

    /** Against one live catalogue all month. */
    public WhatIf(MonthFacts.Month month, SrvIndex live, SrvCatalogue liveCatalogue, SrvCatalogue candidate,
                  ChangeSink sink) {
        this(month, live, CatalogueTimeline.of(live, liveCatalogue), liveCatalogue, candidate, sink);
    }

    /**
     * @param live          the live catalogue's numbering, as the pass reads the logs
     * @param inForce       the catalogues in force during the month: a row's verdict before is its time's
     * @param liveCatalogue the catalogue {@code live} numbers
     * @param candidate     the candidate; it must classify exactly the live catalogue's SRVs (checked)
     */
    public WhatIf(MonthFacts.Month month, SrvIndex live, CatalogueTimeline inForce, SrvCatalogue liveCatalogue,
                  SrvCatalogue candidate, ChangeSink sink) {
        this.month = Objects.requireNonNull(month);
        this.live = Objects.requireNonNull(live);
        this.inForce = Objects.requireNonNull(inForce);
        this.sink = Objects.requireNonNull(sink);
        if (!liveCatalogue.entries().stream().map(e -> e.srv()).collect(java.util.stream.Collectors.toSet())
                .equals(candidate.entries().stream().map(e -> e.srv()).collect(java.util.stream.Collectors.toSet()))) {
            throw new IllegalArgumentException("a candidate catalogue classifies exactly the live catalogue's SRVs");
        }
        candidateConsumption = new boolean[live.size()][DeviceType.values().length];
        bySrv = new long[Direction.values().length][live.size()];
        for (int srv = 0; srv < live.size(); srv++) {
            ServiceReferenceVariant text = live.srvAt(srv);
            for (DeviceType type : DeviceType.values()) {
                candidateConsumption[srv][type.ordinal()] = candidate.isConsumption(text, type);
            }
        }
    }

    @Override
    public void row(OutcomeRow row) {
        rows++;
        int meter = month.meterNumber(row.device());
        if (meter < 0) {
            return;
        }
        int restricted = month.restrictedOf(meter);
        if (restricted < 0 || !month.restrictedAt(restricted, row.epochMillis())) {
            return;
        }
        String code = row.code();
        if ("R2".equals(code) || "R3".equals(code)) {
            return;
        }
        onRestrictedMeters++;
        DeviceType type = month.restrictedMeter(restricted).type();
        boolean before = inForce.isConsumption(row.srv(), type, row.epochMillis());
        boolean after = candidateConsumption[row.srv()][type.ordinal()];
        if (before == after) {
            return;
        }
        Direction direction = before ? Direction.DENY_TO_ALLOW : Direction.ALLOW_TO_DENY;
        int d = direction.ordinal();
        changed[d]++;
        bySrv[d][row.srv()]++;
        byType[d][type.ordinal()][0]++;
        byRegion[d][month.regionOf(meter)]++;
        String supplier = month.supplierOf(meter);
        bySupplier.computeIfAbsent(supplier == null ? "UNKNOWN" : supplier, s -> new long[2])[d]++;
        sink.changed(row, direction, type, supplier);
    }

    /** Every row read. */
    public long rows() {
        return rows;
    }

    /** The rows to a meter Restricted at their time: the only ones a catalogue can decide differently. */
    public long onRestrictedMeters() {
        return onRestrictedMeters;
    }

    public Counts counts(Direction direction) {
        int d = direction.ordinal();
        Map<String, Long> srvs = new TreeMap<>();
        for (int srv = 0; srv < live.size(); srv++) {
            if (bySrv[d][srv] > 0) {
                srvs.put(live.srvAt(srv).value(), bySrv[d][srv]);
            }
        }
        Map<String, Long> types = new TreeMap<>();
        for (DeviceType type : DeviceType.values()) {
            if (byType[d][type.ordinal()][0] > 0) {
                types.put(type.name(), byType[d][type.ordinal()][0]);
            }
        }
        Map<String, Long> suppliers = new TreeMap<>();
        bySupplier.forEach((supplier, counts) -> {
            if (counts[d] > 0) {
                suppliers.put(supplier, counts[d]);
            }
        });
        Map<String, Long> regions = new TreeMap<>();
        for (CspRegion region : CspRegion.values()) {
            if (byRegion[d][region.ordinal()] > 0) {
                regions.put(region.name(), byRegion[d][region.ordinal()]);
            }
        }
        return new Counts(changed[d], srvs, types, suppliers, regions);
    }
}
