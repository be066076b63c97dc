package uk.smartmeter.restricted.application.input;

/** One thing wrong with a request: which field (JSON path, header or path variable) and which rule it broke. */
public record FieldViolation(String field, String rule) {
}
