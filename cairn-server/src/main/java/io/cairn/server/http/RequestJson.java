package io.cairn.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON for request bodies, and Jackson for answers. Strict means: no unknown fields, no
 * duplicate keys, no trailing content, and no silent coercion ({@code "port": "80"} and
 * {@code "port": 80.5} are errors, not 80). Every failure names the field it is about.
 * Public for cairn-bench's {@code RequestJsonBenchmark}; the HTTP routes are its users.
 */
public final class RequestJson {

    private final ObjectMapper mapper;
    /** A reader per body type, made once: it holds the type and its deserializer, found once. */
    private final ClassValue<ObjectReader> readers = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return mapper.readerFor(type);
        }
    };

    public RequestJson() {
        mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Integer}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, type == LogicalType.Textual
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, type == LogicalType.Textual
                            ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Parses a body into {@code type}, turning every Jackson failure into a 400 naming the field.
     *
     * <p>Two steps, so that the error code tells syntax from content: first the whole body is
     * parsed as a JSON tree (any failure there is {@code invalid_json}, even when it sits inside
     * a field's value, like a truncated string or trailing content), then the tree is mapped onto
     * {@code type} (failures there are {@code invalid_field}). Parsing in one pass would report
     * {@code {"address": 10.0.0.1}} as a wrong type for address and a truncated body as a field
     * error, because mapping starts before the parser has seen the end.
     *
     * <p>A body that looks like an object is first read in one pass, straight onto {@code type}:
     * for a valid body the result is the same (the same mapper, features and coercions; a tree
     * adds nothing but its own building), and it costs less (cairn-bench's
     * {@code RequestJsonBenchmark}). Only when that fails are the two steps run, and their error
     * is the answer, so errors are classified as before.
     */
    public <T> T read(byte[] body, Class<T> type) {
        if (body != null && opensObject(body)) {
            try {
                T value = readers.get(type).readValue(body);
                if (value != null) {
                    return value;
                }
            } catch (IOException | RuntimeException e) {
                // Read again in two steps, which name what is wrong.
            }
        }
        return readInTwoSteps(body, type);
    }

    /** The two steps alone: what {@link #read} answers, always; its tests compare the two. */
    public <T> T readInTwoSteps(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new ApiException(400, "invalid_body", "a JSON object body is required", null);
        }
        JsonNode tree = syntax(body);
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ApiException(400, "invalid_body", "a JSON object body is required", null);
        }
        if (!tree.isObject()) {
            throw new ApiException(400, "invalid_body", "the body must be a JSON object", null);
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw new ApiException(400, "invalid_field", field + ": is not a known field", field);
        } catch (MismatchedInputException e) {
            String field = path(e);
            String rule = rule(field, e.getTargetType());
            throw new ApiException(400, field == null ? "invalid_body" : "invalid_field",
                    field == null ? "the body must be a JSON object" : field + ": " + rule, field);
        } catch (JsonMappingException e) {
            String field = path(e);
            String detail = e.getOriginalMessage();
            // Jackson's own words name Java types; say the rule in the API's.
            throw new ApiException(400, "invalid_field", (field == null ? "body" : field) + ": "
                    + (detail != null && detail.contains("out of range") ? "number out of range"
                            : "has a value of the wrong type"), field);
        } catch (JsonProcessingException e) {
            // Not expected: mapping a tree reads no bytes, and Jackson wraps a failure inside a
            // field with the field's path (the branch above). Should one come, it is still about
            // the body's content.
            throw new ApiException(400, "invalid_field", "body: could not be read as the expected object", null);
        }
    }

    /** Whether the first byte that is not JSON whitespace is an object's {@code '{'}. */
    private static boolean opensObject(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /** The body as a tree, or {@code invalid_json} naming what broke. */
    private JsonNode syntax(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (JsonEOFException e) {
            throw new ApiException(400, "invalid_json",
                    "the body is not valid JSON: it ends before the value is complete", null);
        } catch (MismatchedInputException e) {
            // readTree's only mapping failure: content after the first value.
            throw new ApiException(400, "invalid_json", "the body is not valid JSON: content after the value", null);
        } catch (StreamConstraintsException e) {
            // Jackson's message names its own configuration methods; say the limit in our words.
            throw new ApiException(400, "invalid_json", "the body is not acceptable JSON: it is nested more than "
                    + StreamReadConstraints.DEFAULT_MAX_DEPTH + " levels deep, or a number or string in it is too long",
                    null);
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage();
            // The parser's current name is the key being read when the syntax broke: it names
            // the culprit for a duplicate key, but for a stray comma or quote it only names a
            // neighbour, which would mislead. Jackson has no exception type for duplicates.
            String field = detail.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser p
                    && p.getParsingContext() != null ? p.getParsingContext().getCurrentName() : null;
            throw new ApiException(400, "invalid_json", "the body is not valid JSON: " + firstLine(detail), field);
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "the body could not be read: " + e.getMessage(), null);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The rule in the API's words. Jackson reports a list's class, not what it holds, so the
     * lists of objects are known by name.
     */
    private static String rule(String field, Class<?> target) {
        String leaf = field == null ? "" : field.substring(field.lastIndexOf('.') + 1);
        if ("checks".equals(leaf)) {
            return "must be an array of check objects";
        }
        if ("instances".equals(leaf)) {
            return "must be an array of objects {namespace, service, id}";
        }
        if (target == null) {
            return "has the wrong type";
        }
        if (target == Integer.class || target == int.class) {
            return "must be a whole number";
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (List.class.isAssignableFrom(target)) {
            return "must be an array of strings";
        }
        if (Map.class.isAssignableFrom(target)) {
            return "must be an object whose values are strings";
        }
        if (target.isRecord()) {
            return "must be an object";
        }
        return "has the wrong type";
    }

    /** {@code meta.version}, {@code tags[2]}, or null for the body itself. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
