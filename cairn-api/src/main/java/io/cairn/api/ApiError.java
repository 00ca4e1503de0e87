package io.cairn.api;

/**
 * Every error answer's body.
 *
 * @param error a stable machine-readable code, e.g. {@code invalid_field}, {@code not_found}
 * @param message a sentence for a person
 * @param field the offending input field, or null when the error is not about one field
 */
public record ApiError(String error, String message, String field) {
}
