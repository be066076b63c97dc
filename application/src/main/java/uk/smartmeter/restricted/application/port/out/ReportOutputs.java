package uk.smartmeter.restricted.application.port.out;

/** A report revision's forms, as stored and served. */
public record ReportOutputs(String json, String csv, String svg) {
}
