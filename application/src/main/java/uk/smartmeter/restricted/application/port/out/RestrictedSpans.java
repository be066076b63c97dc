package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.history.RestrictedTimeline.Span;

/**
 * Every meter's Restricted spans on both timelines ({@link uk.smartmeter.restricted.domain.history.RestrictedTimeline}),
 * kept by the "restricted-spans" processor, and the question across meters they answer.
 */
public interface RestrictedSpans {

    /** Replaces the spans of each meter with those given (none: the meter was never Restricted). */
    void replace(Collection<DeviceId> devices, List<Span> spans);

    /** Forgets every span: a replay starts from empty. */
    void clear();

    /** Which of the listing's rows to keep; null fields match anything. */
    record Filter(CspRegion region, DeviceType type, String supplierParty) {
    }

    /**
     * The spans that cover effective time {@code effective} as known at {@code known}, of meters after
     * {@code afterDevice} (null: from the first), in device order, at most {@code limit}.
     */
    List<Span> restrictedAt(Instant effective, Instant known, Filter filter, String afterDevice, int limit);

    /** Every such span, in device order, to {@code rows}: streamed, for any size. */
    void streamRestrictedAt(Instant effective, Instant known, Filter filter, Consumer<Span> rows);

    /** How many meters such spans cover, per region and type (the combinations with none left out). */
    List<RestrictedCount> count(Instant effective, Instant known, Filter filter);

    record RestrictedCount(CspRegion region, DeviceType type, long meters) {
    }
}
