package uk.smartmeter.restricted.domain.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;

/**
 * When a meter was Restricted, on both timelines (issue 19): for each period of the DCC's knowledge, the spans of
 * effective time in which the meter was Restricted, each with its type, region and responsible Supplier. It is
 * {@link AsOf} laid out in full: "was it Restricted at effective time T, as recorded by T′" is true exactly when a
 * {@link Span} known at T′ covers T. So a question across every meter is a range query over these spans, with no
 * replay per meter.
 * <p>
 * The answer changes only at the times at which something was recorded (knowledge) and at the times at which
 * something took effect (the effective timeline); each is computed from {@link AsOf} itself at those times, so that
 * the two can never disagree.
 */
public final class RestrictedTimeline {

    private RestrictedTimeline() {
    }

    /**
     * A span of effective time in which the meter was Restricted, as known from {@code knownFrom} until
     * {@code knownTo}: half-open on both timelines, times to the microsecond.
     *
     * @param knownTo null while it is still what the DCC knows
     * @param validTo null while the meter is still Restricted
     */
    public record Span(DeviceId device, Instant knownFrom, Instant knownTo, Instant validFrom, Instant validTo,
                       DeviceType type, CspRegion region, ResponsibleSupplier supplier) {
        public Span {
            Objects.requireNonNull(device, "device is required");
            Objects.requireNonNull(knownFrom, "knownFrom is required");
            Objects.requireNonNull(validFrom, "validFrom is required");
            Objects.requireNonNull(type, "type is required");
            Objects.requireNonNull(region, "region is required");
            Objects.requireNonNull(supplier, "supplier is required");
        }

        /** Whether it says the meter was Restricted at effective time {@code effective} as recorded by {@code known}. */
        public boolean covers(Instant effective, Instant known) {
            Instant t = Timeline.micros(effective);
            Instant k = Timeline.micros(known);
            return !knownFrom.isAfter(k) && (knownTo == null || knownTo.isAfter(k))
                    && !validFrom.isAfter(t) && (validTo == null || validTo.isAfter(t));
        }
    }

    /** A span of effective time, as known at one time: what {@link #asKnownAt} answers. */
    public record Segment(Instant validFrom, Instant validTo, DeviceType type, CspRegion region,
                          ResponsibleSupplier supplier) {
    }

    /**
     * The spans in which the meter was Restricted, as known by {@code recordedBy}, in effective order.
     *
     * @param history the device's events in the order they were recorded (index = version), as {@link AsOf} takes it
     */
    public static List<Segment> asKnownAt(DeviceId id, List<? extends DeviceEvent> history, Instant recordedBy) {
        Instant known = Timeline.micros(recordedBy);
        // AsOf at each effective time at which something known took effect, in one sweep: AsOf replays the
        // enrolments first, then the rest by (effective time, version); the events that take effect at one
        // moment extend that order at its end, unless one is an enrolment, which changes its head (replayed then)
        List<Integer> versions = new ArrayList<>();
        for (int version = 0; version < history.size(); version++) {
            if (!Timeline.micros(history.get(version).recordedAt()).isAfter(known)) {
                versions.add(version);
            }
        }
        versions.sort(java.util.Comparator.comparing((Integer v) -> Timeline.micros(history.get(v).effectiveAt()))
                .thenComparing(v -> v));
        List<Segment> segments = new ArrayList<>();
        Segment open = null;
        Device device = null;
        int i = 0;
        while (i < versions.size()) {
            Instant at = Timeline.micros(history.get(versions.get(i)).effectiveAt());
            int end = i;
            boolean enrolment = false;
            while (end < versions.size() && Timeline.micros(history.get(versions.get(end)).effectiveAt()).equals(at)) {
                enrolment |= history.get(versions.get(end)) instanceof DeviceEnrolled;
                end++;
            }
            if (enrolment) {
                device = replay(id, history, versions.subList(0, end));
            } else if (device != null) {
                for (int k = i; k < end; k++) {
                    device = device.evolve(history.get(versions.get(k)));
                }
            }
            i = end;
            Segment state = device != null && device.restricted()
                    ? new Segment(at, null, device.meter().type(), device.meter().cspRegion(), device.meter().supplier())
                    : null;
            if (open != null && (state == null || !sameAttributes(open, state))) {
                segments.add(new Segment(open.validFrom(), at, open.type(), open.region(), open.supplier()));
                open = null;
            }
            if (open == null && state != null) {
                open = state;
            }
        }
        if (open != null) {
            segments.add(open);
        }
        return List.copyOf(segments);
    }

    /** As {@link AsOf} replays a set of events: the enrolments first, then the rest, each in the order given. */
    private static Device replay(DeviceId id, List<? extends DeviceEvent> history, List<Integer> versions) {
        Device device = Device.notEnrolled(id);
        for (int version : versions) {
            if (history.get(version) instanceof DeviceEnrolled) {
                device = device.evolve(history.get(version));
            }
        }
        for (int version : versions) {
            if (!(history.get(version) instanceof DeviceEnrolled)) {
                device = device.evolve(history.get(version));
            }
        }
        return device;
    }

    /** Every span of the meter's history, on both timelines: each period of knowledge with its effective spans. */
    public static List<Span> of(DeviceId id, List<? extends DeviceEvent> history) {
        TreeSet<Instant> recorded = new TreeSet<>();
        for (DeviceEvent event : history) {
            recorded.add(Timeline.micros(event.recordedAt()));
        }
        List<Span> spans = new ArrayList<>();
        List<Segment> current = List.of();
        Instant since = null;
        for (Instant at : recorded) {
            List<Segment> next = asKnownAt(id, history, at);
            if (!next.equals(current)) {
                close(id, current, since, at, spans);
                current = next;
                since = at;
            }
        }
        close(id, current, since, null, spans);
        return List.copyOf(spans);
    }

    private static void close(DeviceId id, List<Segment> segments, Instant from, Instant to, List<Span> spans) {
        for (Segment segment : segments) {
            spans.add(new Span(id, from, to, segment.validFrom(), segment.validTo(), segment.type(), segment.region(),
                    segment.supplier()));
        }
    }

    private static boolean sameAttributes(Segment a, Segment b) {
        return a.type() == b.type() && a.region() == b.region() && a.supplier().equals(b.supplier());
    }
}
