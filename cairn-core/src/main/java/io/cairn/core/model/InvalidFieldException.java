package io.cairn.core.model;

/**
 * Input broke a documented rule. Expected, not a bug: the HTTP layer turns it into a 400 that
 * names {@link #field()} and the rule, and nothing is written.
 */
public final class InvalidFieldException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidFieldException(String field, String rule) {
        super(field + ": " + rule, null, false, false);
        this.field = field;
    }

    /** The offending field, as the client named it (e.g. {@code meta.version}, {@code port}). */
    public String field() {
        return field;
    }

    /** The rule that was broken, without the field name. */
    public String rule() {
        return getMessage().substring(field.length() + 2);
    }
}
