package uk.smartmeter.restricted.application.input;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A request that is well-formed JSON but breaks field rules (required, pattern, range): answered 422. */
public final class InvalidRequest extends RuntimeException {

    private final transient List<FieldViolation> violations;

    public InvalidRequest(List<FieldViolation> violations) {
        super(violations.toString(), null, false, false);
        this.violations = List.copyOf(violations);
    }

    public static InvalidRequest of(String field, String rule) {
        return new InvalidRequest(List.of(new FieldViolation(field, rule)));
    }

    /** Parses one required value, or answers 422 naming the field and the parser's rule. */
    public static <T> T parse(String field, String raw, Function<String, T> parser) {
        Builder rules = builder();
        T value = rules.check(field, raw, parser);
        rules.throwIfAny();
        return value;
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects every violation of a request before answering, so the caller learns all of them at once. */
    public static final class Builder {
        private final List<FieldViolation> violations = new ArrayList<>();

        public Builder add(String field, String rule) {
            violations.add(new FieldViolation(field, rule));
            return this;
        }

        public <T> T require(String field, T value) {
            if (value == null) {
                add(field, "required");
            }
            return value;
        }

        /** Parses a required raw value, recording the parser's own message as the broken rule. */
        public <T> T check(String field, String raw, Function<String, T> parser) {
            if (raw == null) {
                add(field, "required");
                return null;
            }
            return checkOptional(field, raw, parser);
        }

        /** Parses an optional raw value; {@code null} stays {@code null}. */
        public <T> T checkOptional(String field, String raw, Function<String, T> parser) {
            if (raw == null) {
                return null;
            }
            try {
                return parser.apply(raw);
            } catch (IllegalArgumentException | NullPointerException broken) {
                add(field, broken.getMessage());
                return null;
            }
        }

        public void throwIfAny() {
            if (!violations.isEmpty()) {
                throw new InvalidRequest(violations);
            }
        }
    }
}
