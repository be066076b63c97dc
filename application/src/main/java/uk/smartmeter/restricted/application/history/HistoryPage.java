package uk.smartmeter.restricted.application.history;

import java.util.List;

/** A page of history and the cursor to ask for the next one (null when this is the last page). */
public record HistoryPage(List<HistoryEntry> entries, Long nextCursor) {
}
