package uk.smartmeter.restricted.application.port.in;

/**
 * A count of history entries in one calendar month (UTC, by recorded time) of one kind, by one acting party,
 * for one reason.
 */
public record SummaryRow(String month, String eventType, String party, String reason, long count) {
}
