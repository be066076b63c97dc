package uk.smartmeter.restricted.adapter.rest.problem;

import uk.smartmeter.restricted.application.input.FieldViolation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Names the field and the rule of JSON that could not be read, in words for the caller: never the
 * parser's own message, which names Java types and exceptions.
 */
public final class JsonFaults {

    private JsonFaults() {
    }

    /** The violation for JSON that could not be read as a whole {@code what} (for example one NDJSON line). */
    public static FieldViolation violation(JsonProcessingException unreadable, String field, String what) {
        FieldViolation syntax = syntax(unreadable, field);
        if (syntax != null) {
            return syntax;
        }
        if (unreadable instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return new FieldViolation(pathOf(mapping), ruleOf(mapping));
        }
        return new FieldViolation(field, unreadable instanceof JsonMappingException
                ? "must be " + what : "must be " + what + " in valid JSON");
    }

    /**
     * What is wrong with the document as JSON text, when that can be named: a field given twice, something
     * after the document, bytes that are not UTF-8, or a document that stops before its end. Null otherwise.
     */
    public static FieldViolation syntax(JsonProcessingException unreadable, String field) {
        for (Throwable cause = unreadable; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                FieldViolation named = syntaxOf(String.valueOf(json.getOriginalMessage()), field);
                if (named != null) {
                    return named;
                }
            }
        }
        return null;
    }

    private static FieldViolation syntaxOf(String message, String field) {
        if (message.startsWith("Duplicate field '")) {
            int end = message.indexOf('\'', "Duplicate field '".length());
            String name = end > 0 ? message.substring("Duplicate field '".length(), end) : field;
            return new FieldViolation(name, "appears more than once; each field may be given once");
        }
        if (message.startsWith("Trailing token")) {
            return new FieldViolation(field, "one JSON document, with nothing after it");
        }
        if (message.startsWith("Invalid UTF-8") || message.contains("Invalid UTF-8")) {
            return new FieldViolation(field, "must be UTF-8");
        }
        if (message.startsWith("Unexpected end-of-input") || message.contains("end-of-input")) {
            return new FieldViolation(field, "is not JSON: it ends before the document does");
        }
        if (message.startsWith("Unrecognized token") || message.startsWith("Unexpected character")) {
            return new FieldViolation(field, "is not JSON: one JSON document is expected, with nothing before or"
                    + " after it, and every token must be JSON");
        }
        return null;
    }

    static String pathOf(JsonMappingException mapping) {
        return mapping.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    static String ruleOf(JsonMappingException mapping) {
        if (mapping instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        if (mapping instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return "one of " + Arrays.toString(format.getTargetType().getEnumConstants());
        }
        if (mapping instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            return String.valueOf(instantiation.getCause().getMessage());
        }
        if (mapping instanceof InvalidFormatException format && format.getTargetType() != null) {
            return "wrong format: expected " + simpleTypeName(format.getTargetType());
        }
        if (mapping instanceof MismatchedInputException input && input.getTargetType() != null) {
            return "wrong type: expected " + simpleTypeName(input.getTargetType());
        }
        return "wrong type";
    }

    private static String simpleTypeName(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == java.time.LocalDate.class) {
            return "a date such as 2026-11-20";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 UTC time such as 2026-11-20T10:00:00Z";
        }
        return "an object or value of type " + type.getSimpleName();
    }
}
