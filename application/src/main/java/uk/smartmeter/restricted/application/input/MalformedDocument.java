package uk.smartmeter.restricted.application.input;

/** A body that cannot be read as the document it claims to be (for example DUIS XML): answered 400. */
public final class MalformedDocument extends RuntimeException {

    private final String field;
    private final String rule;

    public MalformedDocument(String field, String rule) {
        super(field + ": " + rule, null, false, false);
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
