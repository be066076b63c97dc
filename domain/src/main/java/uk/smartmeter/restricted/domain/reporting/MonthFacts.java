package uk.smartmeter.restricted.domain.reporting;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.MeterStatusChanged;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;
import uk.smartmeter.restricted.domain.gate.GateDenied;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.FlagChange;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.Interval;

/**
 * What a month's report needs to know of the meters, from their events in the order they were
 * recorded: each meter's type, region and Restricted intervals within the month (the same function as
 * the CSP exclusion lists), and, as they stood at the month's end by effective time, its SMETS
 * generation, SMI status and responsible Supplier; and the gate's own denials (its receipts, from the
 * {@link GateDenied} events) around the month, so that a log row's claim of a denial is counted only when
 * the gate really made it.
 */
public final class MonthFacts {

    private final YearMonth month;
    private final Instant end;
    private final Map<DeviceId, Meter> meters = new LinkedHashMap<>();
    private final LongIndex receipts = new LongIndex(1024);
    private final Instant receiptsFrom;
    private final Instant receiptsTo;
    private long events;

    public MonthFacts(YearMonth month) {
        this.month = Objects.requireNonNull(month);
        this.end = RestrictedIntervals.startOf(month.plusMonths(1));
        // a DSP logs a request at about the time it asked the gate: a day's margin either side of the month
        this.receiptsFrom = RestrictedIntervals.startOf(month).minus(Duration.ofDays(1));
        this.receiptsTo = end.plus(Duration.ofDays(1));
    }

    /**
     * Takes the next gate denial of the store: a Service Request refused R1 or R2 around the month is a
     * receipt an outcome-log row may rest on. R3 (status unknown) is not the consumer's choice.
     */
    public void on(GateDenied denied) {
        events++;
        String code = denied.responseCode();
        if (denied.srv() == null || !(code.equals("R1") || code.equals("R2"))
                || denied.decidedAt().isBefore(receiptsFrom) || !denied.decidedAt().isBefore(receiptsTo)) {
            return;
        }
        String srv = "SCHEDULE".equals(denied.question()) ? "5.1" : denied.srv();
        long key = DenialKey.of(denied.requestId(), DeviceId.parseEui64(denied.device().value()), srv, code);
        receipts.put(key, Math.max(receipts.get(key), 0) + 1);
    }

    private static final class Meter {
        DeviceType type;
        CspRegion region;
        SmetsVersion smets;
        Instant enrolledAt;
        SmiStatus status;
        Instant statusAt;
        String supplier;
        Instant supplierAt;
        DeviceId gpf;
        final List<FlagChange> changes = new ArrayList<>(2);
    }

    /** Takes the next event of the store. */
    public void on(DeviceEvent event) {
        events++;
        Meter meter = meters.computeIfAbsent(event.deviceId(), id -> new Meter());
        Instant at = event.effectiveAt();
        if (event instanceof DeviceEnrolled e) {
            meter.type = e.deviceType();
            meter.region = e.cspRegion();
            meter.smets = e.smetsVersion();
            meter.enrolledAt = at;
            meter.status = e.smiStatus();
            meter.statusAt = at;
            meter.supplier = supplier(e.responsibleSupplier());
            meter.supplierAt = at;
            meter.gpf = e.gpfId();
        } else if (event instanceof MeterStatusChanged e && !at.isBefore(meter.statusAt) && at.isBefore(end)) {
            meter.status = e.status();
            meter.statusAt = at;
        } else if (event instanceof SupplierChanged e && !at.isBefore(meter.supplierAt) && at.isBefore(end)) {
            meter.supplier = supplier(e.gainingSupplier());
            meter.supplierAt = at;
        } else {
            FlagChange change = FlagChange.of(event);
            if (change != null) {
                meter.changes.add(change);
            }
        }
    }

    public long events() {
        return events;
    }

    /**
     * A meter as it stood at a position of the store, for a later month's start: what {@link #on(DeviceEvent)} had
     * gathered, with its flag changes reduced to the last one in effective-time order ({@code lastChange}, null when
     * none). Exact for any month that starts after every event it was built from took effect (see
     * {@link MonthStart}): the month's intervals depend only on the flag's state at the month's start and the changes
     * after, and the state at the start is the last change before it, in that order.
     */
    public record MeterState(DeviceId deviceId, DeviceType type, CspRegion region, SmetsVersion smets, Instant enrolledAt,
                             SmiStatus status, Instant statusAt, String supplier, Instant supplierAt, DeviceId gpf,
                             FlagChange lastChange) {
        public MeterState {
            Objects.requireNonNull(deviceId, "device is required");
        }
    }

    /** Puts a meter's state in, as the first thing this month knows of it (before any event). */
    public void seed(MeterState state) {
        Meter meter = new Meter();
        meter.type = state.type();
        meter.region = state.region();
        meter.smets = state.smets();
        meter.enrolledAt = state.enrolledAt();
        meter.status = state.status();
        meter.statusAt = state.statusAt();
        meter.supplier = state.supplier();
        meter.supplierAt = state.supplierAt();
        meter.gpf = state.gpf();
        if (state.lastChange() != null) {
            meter.changes.add(state.lastChange());
        }
        if (meters.put(state.deviceId(), meter) != null) {
            throw new IllegalArgumentException("meter " + state.deviceId() + " seeded twice");
        }
    }

    /** Every meter's state now, in the order they were first seen (the order a full replay meets them in). */
    public void states(java.util.function.Consumer<MeterState> sink) {
        meters.forEach((id, meter) -> sink.accept(new MeterState(id, meter.type, meter.region, meter.smets,
                meter.enrolledAt, meter.status, meter.statusAt, meter.supplier, meter.supplierAt, meter.gpf,
                lastOf(meter.changes))));
    }

    /** The last change in effective-time order, ties in recorded order (as {@link RestrictedIntervals} sorts). */
    private static FlagChange lastOf(List<FlagChange> changes) {
        FlagChange last = null;
        for (FlagChange change : changes) {
            if (last == null || !change.effectiveAt().isBefore(last.effectiveAt())) {
                last = change;
            }
        }
        return last;
    }

    /** The facts, fixed: every meter's month, ready for the pass over the outcome logs. */
    public Month finish() {
        List<MeterMonth> all = new ArrayList<>(meters.size());
        List<String> suppliers = new ArrayList<>(meters.size());
        Map<String, long[]> installs = new TreeMap<>();
        meters.forEach((id, meter) -> {
            if (meter.type == null) {
                return;
            }
            List<Interval> intervals = RestrictedIntervals.withinChanges(meter.changes, month, Instant.MAX);
            boolean restrictedAtEnd = !intervals.isEmpty() && intervals.get(intervals.size() - 1).to().equals(end);
            all.add(new MeterMonth(id, meter.type, meter.region, intervals, restrictedAtEnd, meter.gpf));
            suppliers.add(meter.supplier);
            if (meter.enrolledAt.isBefore(end) && meter.smets.isSmets2OrLater() && meter.status == SmiStatus.COMMISSIONED) {
                long[] counts = installs.computeIfAbsent(meter.supplier, s -> new long[2]);
                counts[0]++;
                if (restrictedAtEnd) {
                    counts[1]++;
                }
            }
        });
        List<Install> figures = new ArrayList<>();
        installs.forEach((supplier, counts) -> figures.add(new Install(supplier, counts[0], counts[1])));
        return new Month(month, all, figures, receipts, suppliers);
    }

    private static String supplier(uk.smartmeter.restricted.domain.device.ResponsibleSupplier supplier) {
        return supplier.party().value() + "/" + supplier.role().name();
    }

    /** A meter in the month: its Restricted intervals clipped to the month, and whether it ended Restricted. */
    /**
     * @param gpf a gas meter's Gas Proxy Function, or null: a request to it is a request to the meter (its region,
     *            its Restricted intervals), as the gate treats it
     */
    public record MeterMonth(DeviceId deviceId, DeviceType type, CspRegion region, List<Interval> intervals,
                             boolean restrictedAtEnd, DeviceId gpf) {
    }

    /** Commissioned SMETS2+ meters of a Supplier at the month's end, and how many of them were Restricted. */
    public record Install(String supplier, long commissioned, long restricted) {
    }

    /** The meters of a month, with a fast lookup of the Restricted ones by EUI-64. */
    public static final class Month {
        private final YearMonth month;
        private final List<MeterMonth> meters;
        private final List<Install> installs;
        private final List<MeterMonth> restricted = new ArrayList<>();
        private final LongIndex restrictedIndex;
        private final long[][] spans;
        private final LongIndex meterIndex;
        private final byte[] regionOf;
        private final int[] restrictedOf;
        private final LongIndex receipts;
        private final String[] supplierOf;

        Month(YearMonth month, List<MeterMonth> meters, List<Install> installs, LongIndex receipts,
              List<String> suppliers) {
            this.supplierOf = suppliers.toArray(String[]::new);
            this.month = month;
            this.meters = List.copyOf(meters);
            this.installs = List.copyOf(installs);
            this.receipts = receipts;
            meterIndex = new LongIndex(meters.size());
            regionOf = new byte[meters.size()];
            restrictedOf = new int[meters.size()];
            for (int i = 0; i < meters.size(); i++) {
                meterIndex.put(DeviceId.parseEui64(meters.get(i).deviceId().value()), i);
                if (meters.get(i).gpf() != null) {
                    meterIndex.put(DeviceId.parseEui64(meters.get(i).gpf().value()), i);
                }
                regionOf[i] = (byte) meters.get(i).region().ordinal();
                restrictedOf[i] = -1;
            }
            for (MeterMonth meter : meters) {
                if (!meter.intervals().isEmpty()) {
                    restricted.add(meter);
                }
            }
            restricted.sort(java.util.Comparator.comparing((MeterMonth m) -> m.deviceId().value()));
            restrictedIndex = new LongIndex(restricted.size());
            spans = new long[restricted.size()][];
            for (int i = 0; i < restricted.size(); i++) {
                MeterMonth meter = restricted.get(i);
                long eui = DeviceId.parseEui64(meter.deviceId().value());
                restrictedIndex.put(eui, i);
                restrictedOf[meterIndex.get(eui)] = i;
                long[] span = new long[meter.intervals().size() * 2];
                for (int k = 0; k < meter.intervals().size(); k++) {
                    span[2 * k] = meter.intervals().get(k).from().toEpochMilli();
                    span[2 * k + 1] = meter.intervals().get(k).to().toEpochMilli();
                }
                spans[i] = span;
            }
        }

        public YearMonth month() {
            return month;
        }

        public List<MeterMonth> meters() {
            return meters;
        }

        /** The meters Restricted at some moment of the month, in device ID order: the exclusion list. */
        public List<MeterMonth> restricted() {
            return restricted;
        }

        public List<Install> installs() {
            return installs;
        }

        /** The meter's number in the store's view, or -1 when the store has no such meter (as of the position). */
        int meterNumber(long eui64) {
            return meterIndex.get(eui64);
        }

        /** The responsible Supplier (party/role) of the meter of this number at the month's end, as the store has it. */
        String supplierOf(int meter) {
            return supplierOf[meter];
        }

        /** The store's CSP region of the meter of this number. */
        int regionOf(int meter) {
            return regionOf[meter];
        }

        /** The Restricted number of the meter of this number, or -1 when it was not Restricted in the month. */
        int restrictedOf(int meter) {
            return restrictedOf[meter];
        }

        /**
         * Whether a receipt of this key ({@link DenialKey}) is in the store and not yet taken by an earlier row:
         * each receipt grounds one row, so a log that repeats a refused request is not excluded twice for it.
         */
        boolean takeReceipt(long denialKey) {
            int left = receipts.get(denialKey);
            if (left <= 0) {
                return false;
            }
            receipts.put(denialKey, left - 1);
            return true;
        }

        /** The Restricted meter's number, or -1 when the device was not Restricted in the month. */
        int restrictedNumber(long eui64) {
            return restrictedIndex.get(eui64);
        }

        MeterMonth restrictedMeter(int number) {
            return restricted.get(number);
        }

        /** Whether the Restricted meter of this number was Restricted at this instant. */
        boolean restrictedAt(int number, long epochMillis) {
            long[] span = spans[number];
            for (int k = 0; k < span.length; k += 2) {
                if (epochMillis >= span[k] && epochMillis < span[k + 1]) {
                    return true;
                }
            }
            return false;
        }
    }
}
