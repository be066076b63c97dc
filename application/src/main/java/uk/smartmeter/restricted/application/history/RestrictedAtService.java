package uk.smartmeter.restricted.application.history;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import uk.smartmeter.restricted.application.port.in.ReadRestrictedAt;
import uk.smartmeter.restricted.application.port.out.RestrictedSpans;
import uk.smartmeter.restricted.domain.history.RestrictedTimeline.Span;

/** {@link ReadRestrictedAt} over the spans' table: one range query a page, no replay per meter. */
public final class RestrictedAtService implements ReadRestrictedAt {

    private final RestrictedSpans spans;
    private final BooleanSupplier caughtUp;
    private final java.time.Clock clock;

    /**
     * @param caughtUp whether the spans' projection has reached the store's head, asked before each read
     * @param clock    now: a question as known at a later time cannot be complete yet
     */
    public RestrictedAtService(RestrictedSpans spans, BooleanSupplier caughtUp, java.time.Clock clock) {
        this.spans = Objects.requireNonNull(spans);
        this.caughtUp = Objects.requireNonNull(caughtUp);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Every event committed when asked is in the answer, and nothing recorded after {@code recorded} can still come:
     * the projection has reached the store's head, and {@code recorded} is not later than now.
     */
    private boolean complete(Instant recorded) {
        Instant now = clock.instant();
        return caughtUp.getAsBoolean() && !recorded.isAfter(now);
    }

    @Override
    public RestrictedPage page(Instant effective, Instant recorded, RestrictedSpans.Filter filter, String afterDevice,
                     int limit) {
        // asked first: what was caught up before the read is in the read
        boolean complete = complete(recorded);
        List<Span> found = spans.restrictedAt(effective, recorded, filter, afterDevice, limit + 1);
        boolean more = found.size() > limit;
        List<RestrictedMeter> meters = (more ? found.subList(0, limit) : found).stream().map(RestrictedAtService::meter)
                .toList();
        return new RestrictedPage(effective, recorded, meters, more ? meters.get(meters.size() - 1).deviceId() : null,
                complete);
    }

    @Override
    public RestrictedCounts counts(Instant effective, Instant recorded, RestrictedSpans.Filter filter) {
        boolean complete = complete(recorded);
        List<RestrictedSpans.RestrictedCount> counts = spans.count(effective, recorded, filter);
        return new RestrictedCounts(effective, recorded, counts.stream().mapToLong(RestrictedSpans.RestrictedCount::meters).sum(),
                counts, complete);
    }

    @Override
    public void stream(Instant effective, Instant recorded, RestrictedSpans.Filter filter, Consumer<RestrictedMeter> rows) {
        spans.streamRestrictedAt(effective, recorded, filter, span -> rows.accept(meter(span)));
    }

    static RestrictedMeter meter(Span span) {
        return new RestrictedMeter(span.device().value(), span.type().name(), span.region().name(),
                span.supplier().party().value() + "/" + span.supplier().role().name(), span.validFrom(),
                span.validTo(), span.knownFrom(), span.knownTo());
    }
}
