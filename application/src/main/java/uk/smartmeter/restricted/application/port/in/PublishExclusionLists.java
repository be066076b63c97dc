package uk.smartmeter.restricted.application.port.in;

import java.time.YearMonth;
import java.util.List;
import uk.smartmeter.restricted.application.port.out.ExclusionList;

/** At month end, each region's list for the month just closed is published, once. */
public interface PublishExclusionLists {

    /**
     * Publishes every region's list for the last closed month that is due and not yet published; nothing
     * while the notices have not caught up with the store (the next check tries again).
     */
    List<ExclusionList> publishDue();

    /** The month whose lists are due now, if any is: the last closed month, once the grace period has passed. */
    YearMonth dueMonth();
}
