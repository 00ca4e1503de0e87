package io.cairn.client;

/**
 * One server-sent event as the stream delivered it, before its data is read as JSON.
 *
 * @param type the {@code event:} field, or {@code message} when the event named none
 * @param id the stream's last event id when the event was dispatched (the {@code id:} field of
 *     this event or of an earlier one), or the empty string when none was sent yet
 * @param data the {@code data:} lines joined with {@code \n}
 */
record SseEvent(String type, String id, String data) {
}
