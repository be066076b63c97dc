package uk.smartmeter.restricted.domain.reporting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;

/**
 * The SRV catalogues in force during a month (issue 18), so that each outcome-log row is classified by the catalogue
 * the gate used at the row's time. Numbered as the pass reads the logs ({@link SrvIndex} of the live catalogue); every
 * adopted catalogue classifies exactly the same SRVs. A month with one catalogue is named by its version alone, as
 * before adoptions existed, so the reports of such months are unchanged byte for byte.
 */
public final class CatalogueTimeline {

    /** A catalogue from an instant (null: the month's start). */
    public record Step(Instant from, SrvCatalogue catalogue) {
        public Step {
            Objects.requireNonNull(catalogue);
        }
    }

    private final long[] fromMillis;
    private final boolean[][][] consumption;
    private final String versions;

    /**
     * @param steps the catalogue in force at the month's start first, then each that took effect within the month, in
     *              order
     */
    public CatalogueTimeline(SrvIndex live, List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("at least the catalogue in force at the month's start");
        }
        fromMillis = new long[steps.size()];
        consumption = new boolean[steps.size()][live.size()][DeviceType.values().length];
        StringBuilder named = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            fromMillis[i] = i == 0 ? Long.MIN_VALUE : step.from().toEpochMilli();
            for (int srv = 0; srv < live.size(); srv++) {
                for (DeviceType type : DeviceType.values()) {
                    consumption[i][srv][type.ordinal()] = step.catalogue().isConsumption(live.srvAt(srv), type);
                }
            }
            if (i > 0) {
                named.append(", ").append(step.catalogue().version()).append(" from ").append(step.from());
            } else {
                named.append(step.catalogue().version());
            }
        }
        versions = named.toString();
    }

    /** One catalogue all month. */
    public static CatalogueTimeline of(SrvIndex live, SrvCatalogue catalogue) {
        return new CatalogueTimeline(live, List.of(new Step(null, catalogue)));
    }

    /** Whether the SRV (numbered as the pass reads it) carried this meter type's consumption at the instant. */
    public boolean isConsumption(int srv, DeviceType type, long epochMillis) {
        int step = 0;
        for (int i = fromMillis.length - 1; i > 0; i--) {
            if (epochMillis >= fromMillis[i]) {
                step = i;
                break;
            }
        }
        return consumption[step][srv][type.ordinal()];
    }

    /** The versions in force: {@code 1}, or {@code 1, 2 from 2026-10-15T00:00:00Z, …}. */
    public String versions() {
        return versions;
    }

    /** The steps within [from, to) of a schedule given as (effective instant, catalogue) pairs in effective order. */
    public static List<Step> within(List<Step> schedule, Instant from, Instant to) {
        List<Step> steps = new ArrayList<>();
        for (Step step : schedule) {
            if (step.from() == null || !step.from().isAfter(from)) {
                steps.clear();
                steps.add(new Step(null, step.catalogue()));
            } else if (step.from().isBefore(to)) {
                steps.add(step);
            }
        }
        return steps;
    }
}
