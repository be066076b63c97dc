package uk.smartmeter.restricted.domain.reporting;

import java.util.Map;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.gate.SrvClass;

/**
 * The measures of a month, counted row by row over the outcome logs against the store's view of the
 * meters (MP169 BR6: every exclusion rests on the service's own records, never on the log's word). A
 * request is within target when it was delivered within its SRV class's Target Response Time. The
 * adjusted measure leaves out:
 * <ul>
 *   <li>{@link Exclusion#GATE_DENIAL}: a row the DSP marks R1/R2 for which the gate's receipt exists (the
 *   same request ID, device, SRV and code), one row per receipt;</li>
 *   <li>{@link Exclusion#RESTRICTED_CONSUMPTION}: a consumption SRV (for the store's device type) to a meter
 *   the store says was Restricted at the row's time.</li>
 * </ul>
 * A row that claims R1/R2 without a receipt stays in both measures and is counted, and listed, as an
 * unverified claim. A row's region is the store's region of its device; a device the store does not know
 * counts under {@value #UNKNOWN_DEVICE}. A device is non-communicating when the log has requests for it
 * and none was delivered; by consumer choice when each of them was left out, by fault otherwise: a
 * Restricted meter still owes answers to everything but consumption reads. Memory grows with devices,
 * never with rows.
 */
public final class MonthlyMeasures implements OutcomeRowSink {

    /** Told of every excluded row, to explain the adjusted figures row by row. */
    public interface ExplainSink {
        void excluded(OutcomeRow row, Exclusion reason);

        /** Told of every row that claims a gate denial the gate has no receipt of; it stays in the measures. */
        default void unverifiedClaim(OutcomeRow row) {
        }
    }

    /** The region of the rows whose device the store does not know. */
    public static final String UNKNOWN_DEVICE = "UNKNOWN_DEVICE";
    /** The regions counted: the store's three, then {@value #UNKNOWN_DEVICE}. */
    static final int REGIONS = CspRegion.values().length + 1;
    private static final int UNKNOWN = CspRegion.values().length;
    private static final byte ANY = 1;
    private static final byte DELIVERED = 2;
    private static final byte UNEXPLAINED = 4;

    private final MonthFacts.Month month;
    private final SrvIndex srvs;
    private final int[] targetMs;
    private final ExplainSink explain;
    private final CatalogueTimeline catalogues;
    final long[] requests = new long[REGIONS];
    final long[] within = new long[REGIONS];
    final long[][] excluded = new long[Exclusion.values().length][REGIONS];
    final long[][] excludedWithin = new long[Exclusion.values().length][REGIONS];
    final long[][] outcomes = new long[Outcome.values().length][REGIONS];
    final long[] unverified = new long[REGIONS];
    private final DeviceStates devices = new DeviceStates(1 << 16);

    public MonthlyMeasures(MonthFacts.Month month, SrvIndex srvs, Map<SrvClass, Integer> targetResponseMs,
                           ExplainSink explain) {
        this(month, srvs, null, targetResponseMs, explain);
    }

    /**
     * As above, each row classified by the catalogue in force at its time (issue 18); {@code catalogues} null: the
     * catalogue {@code srvs} numbers, all month.
     */
    public MonthlyMeasures(MonthFacts.Month month, SrvIndex srvs, CatalogueTimeline catalogues,
                           Map<SrvClass, Integer> targetResponseMs, ExplainSink explain) {
        this.catalogues = catalogues;
        this.month = Objects.requireNonNull(month);
        this.srvs = Objects.requireNonNull(srvs);
        this.explain = Objects.requireNonNull(explain);
        this.targetMs = new int[srvs.size()];
        for (int srv = 0; srv < srvs.size(); srv++) {
            Integer target = targetResponseMs.get(srvs.srvClass(srv));
            if (target == null) {
                throw new IllegalArgumentException("no Target Response Time for SRV class " + srvs.srvClass(srv));
            }
            targetMs[srv] = target;
        }
    }

    @Override
    public void row(OutcomeRow row) {
        int meter = month.meterNumber(row.device());
        int region = meter < 0 ? UNKNOWN : month.regionOf(meter);
        boolean delivered = row.outcome() == Outcome.DELIVERED;
        boolean inTarget = delivered && row.responseMs() <= targetMs[row.srv()];
        requests[region]++;
        outcomes[row.outcome().ordinal()][region]++;
        if (inTarget) {
            within[region]++;
        }
        int restricted = meter < 0 ? -1 : month.restrictedOf(meter);
        boolean inInterval = restricted >= 0 && month.restrictedAt(restricted, row.epochMillis());
        Exclusion reason = null;
        if (row.isRestrictedDenial()) {
            if (month.takeReceipt(row.denialKey())) {
                reason = Exclusion.GATE_DENIAL;
            } else {
                unverified[region]++;
                explain.unverifiedClaim(row);
            }
        } else if (inInterval && consumption(row, month.restrictedMeter(restricted).type())) {
            reason = Exclusion.RESTRICTED_CONSUMPTION;
        }
        if (reason != null) {
            excluded[reason.ordinal()][region]++;
            if (inTarget) {
                excludedWithin[reason.ordinal()][region]++;
            }
            explain.excluded(row, reason);
        }
        long seen = ANY | (long) region << 8;
        if (delivered) {
            seen |= DELIVERED;
        } else if (reason == null) {
            seen |= UNEXPLAINED;
        }
        devices.mark(row.device(), seen);
    }

    private boolean consumption(OutcomeRow row, uk.smartmeter.restricted.domain.device.DeviceType type) {
        return catalogues == null ? srvs.isConsumption(row.srv(), type)
                : catalogues.isConsumption(row.srv(), type, row.epochMillis());
    }

    /** Non-communicating devices per region: [region][0] by fault, [region][1] by consumer choice. */
    long[][] nonCommunicating() {
        long[][] counts = new long[REGIONS][2];
        devices.forEach(seen -> {
            if ((seen & DELIVERED) == 0) {
                counts[(int) (seen >>> 8 & 0xFF)][(seen & UNEXPLAINED) != 0 ? 0 : 1]++;
            }
        });
        return counts;
    }
}
