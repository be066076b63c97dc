package uk.smartmeter.restricted.application.port.out;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import uk.smartmeter.restricted.domain.device.CspRegion;

/** Published monthly exclusion lists: fixed once published, so a CSP reads the same list every time. */
public interface ExclusionListStore {

    /** Keeps the list as published; false (and nothing written) when that region's month is already published. */
    boolean publish(ExclusionList list);

    Optional<ExclusionList> published(CspRegion region, YearMonth month);

    /** The months published for a region, newest first. */
    List<YearMonth> publishedMonths(CspRegion region);
}
