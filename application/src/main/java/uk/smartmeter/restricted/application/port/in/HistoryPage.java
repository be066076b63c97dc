package uk.smartmeter.restricted.application.port.in;

import java.util.List;
import uk.smartmeter.restricted.application.port.out.HistoryEntry;

/** A page of history and the cursor to ask for the next one (null when this is the last page). */
public record HistoryPage(List<HistoryEntry> entries, Long nextCursor) {
}
