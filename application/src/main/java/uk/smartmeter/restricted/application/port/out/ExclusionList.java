package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import uk.smartmeter.restricted.domain.csp.ExclusionEntry;
import uk.smartmeter.restricted.domain.device.CspRegion;

/**
 * A region's Restricted meters in a calendar month, each with its exact restricted intervals, as the
 * DCC knew them at {@code asKnownAt}. {@code publishedAt} is set once the list is published (at month
 * end), after which it never changes.
 */
public record ExclusionList(CspRegion region, YearMonth month, Instant asKnownAt, Instant publishedAt,
                            List<ExclusionEntry> entries,
                            uk.smartmeter.restricted.application.port.out.IssuedCheckpoint checkpoint) {

    public ExclusionList(CspRegion region, YearMonth month, Instant asKnownAt, Instant publishedAt,
                         List<ExclusionEntry> entries) {
        this(region, month, asKnownAt, publishedAt, entries, null);
    }

    public static final String SCHEMA = "restricted-mode/csp-exclusion-list/v1";

    public ExclusionList {
        Objects.requireNonNull(region, "region is required");
        Objects.requireNonNull(month, "month is required");
        Objects.requireNonNull(asKnownAt, "as-known-at is required");
        entries = List.copyOf(entries);
    }

    public long restrictedSeconds() {
        return entries.stream().mapToLong(ExclusionEntry::restrictedSeconds).sum();
    }

    public ExclusionList publishedAt(Instant when) {
        return new ExclusionList(region, month, asKnownAt, when, entries, checkpoint);
    }

    /** The list citing the history checkpoint issued when it was published. */
    public ExclusionList citing(uk.smartmeter.restricted.application.port.out.IssuedCheckpoint cited) {
        return new ExclusionList(region, month, asKnownAt, publishedAt, entries, cited);
    }
}
