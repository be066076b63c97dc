package uk.smartmeter.restricted.application.port.in;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import uk.smartmeter.restricted.application.port.out.ExclusionList;
import uk.smartmeter.restricted.domain.device.CspRegion;

/** A region's monthly exclusion list: the published one, or one computed on demand. */
public interface ReadExclusionLists {

    /**
     * The list as published when {@code asKnownAt} is null and the month is published; otherwise
     * computed as the DCC knew things at {@code asKnownAt} (now when null).
     */
    ExclusionList list(CspRegion region, YearMonth month, Instant asKnownAt);

    /** The months published for a region, newest first. */
    List<YearMonth> published(CspRegion region);
}
