package uk.smartmeter.restricted.application.port.in;

import java.util.List;
import uk.smartmeter.restricted.domain.csp.CspNotice;
import uk.smartmeter.restricted.domain.device.CspRegion;

/**
 * A page of a region's feed. {@code next} is the cursor to pass as {@code after} for the following page:
 * the last notice's feed position, or the cursor asked with when the page is empty (poll again later).
 */
public record CspFeedPage(CspRegion region, List<CspNotice> notices, long next) {

    public CspFeedPage {
        notices = List.copyOf(notices);
    }
}
