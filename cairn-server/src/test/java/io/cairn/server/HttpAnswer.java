package io.cairn.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP answer as a test sees it, whichever client fetched it (the JDK client or a raw
 * socket for requests the JDK client refuses to send).
 *
 * @param status the status code
 * @param headers header values by lower-case name
 * @param body the body as text
 */
public record HttpAnswer(int status, Map<String, List<String>> headers, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public HttpAnswer {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        headers = Map.copyOf(lower);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The X-Cairn-Index header as a number; fails the test when it is absent. */
    public long index() {
        String value = header("X-Cairn-Index");
        if (value == null) {
            throw new AssertionError("no X-Cairn-Index on " + this);
        }
        return Long.parseLong(value);
    }

    public boolean hasIndex() {
        return header("X-Cairn-Index") != null;
    }

    /** The body parsed as JSON; fails the test when it is not JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the body is not JSON: " + this, e);
        }
    }

    @Override
    public String toString() {
        return status + " " + headers + " " + body;
    }
}
