package io.cairn.client;

/**
 * Turns the lines of a {@code text/event-stream} into events, following the WHATWG HTML
 * "server-sent events" parsing rules: {@code field: value} lines (one space after the colon is
 * dropped, no other trimming), lines starting with {@code :} are comments (heartbeats), a blank
 * line dispatches the event, several {@code data:} lines join with {@code \n}, an event without
 * data is not dispatched, unknown fields are ignored.
 *
 * <p>Line splitting ({@code \n}, {@code \r\n} or {@code \r}) and UTF-8 decoding are the caller's:
 * it feeds one line at a time, without its terminator. One parser per stream; not thread safe.
 */
final class SseParser {

    private static final String BOM = "\uFEFF";

    private final StringBuilder data = new StringBuilder();
    private boolean first = true;
    private String type = "";
    private boolean hasData;
    private String lastEventId = "";
    private long retryMillis = -1;

    /**
     * Feeds one line.
     *
     * @return the event this line completes (it was blank and the event had data), else null
     */
    SseEvent line(String line) {
        if (first) {
            first = false;
            if (line.startsWith(BOM)) {
                line = line.substring(1);
            }
        }
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.charAt(0) == ':') {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = "";
        if (colon >= 0) {
            int start = colon + 1;
            if (start < line.length() && line.charAt(start) == ' ') {
                start++;
            }
            value = line.substring(start);
        }
        switch (field) {
            case "event" -> type = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "id" -> {
                // The spec ignores an id containing NUL: it could not be sent back in a header.
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.length() < 19) {
                    retryMillis = Long.parseLong(value);
                }
            }
            default -> {
                // unknown fields are ignored, as the spec requires
            }
        }
        return null;
    }

    private SseEvent dispatch() {
        SseEvent event = hasData ? new SseEvent(type.isEmpty() ? "message" : type, lastEventId, data.toString())
                : null;
        type = "";
        data.setLength(0);
        hasData = false;
        return event;
    }

    /** The stream's last event id so far (it outlives the event that set it), or "". */
    String lastEventId() {
        return lastEventId;
    }

    /** The reconnection delay the server asked for with {@code retry:}, or -1 if it did not. */
    long retryMillis() {
        return retryMillis;
    }
}
