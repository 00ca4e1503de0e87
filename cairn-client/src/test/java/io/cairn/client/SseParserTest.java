package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-stream parsing rules the watch relies on, fed line by line as the HTTP client splits them. */
class SseParserTest {

    private static List<SseEvent> parse(SseParser parser, String... lines) {
        List<SseEvent> events = new ArrayList<>();
        for (String line : lines) {
            SseEvent e = parser.line(line);
            if (e != null) {
                events.add(e);
            }
        }
        return events;
    }

    private static List<SseEvent> parse(String... lines) {
        return parse(new SseParser(), lines);
    }

    @Test
    void aBlankLineDispatchesTheEventWithItsTypeIdAndData() {
        assertThat(parse("event: registered", "id: 7", "data: {\"revision\":7}", ""))
                .containsExactly(new SseEvent("registered", "7", "{\"revision\":7}"));
    }

    @Test
    void nothingIsDispatchedBeforeTheBlankLine() {
        assertThat(parse("event: state", "id: 3", "data: {}")).isEmpty();
    }

    @Test
    void severalDataLinesJoinWithNewlines() {
        assertThat(parse("data: first", "data:second", "data:  third", "data", ""))
                .containsExactly(new SseEvent("message", "", "first\nsecond\n third\n"));
    }

    @Test
    void onlyOneSpaceAfterTheColonIsDroppedAndNothingIsTrimmed() {
        assertThat(parse("event:state ", "data:  x  ", "")).containsExactly(new SseEvent("state ", "", " x  "));
    }

    @Test
    void commentsAndHeartbeatsAreIgnored() {
        assertThat(parse(": keep-alive", "", ":", "event: updated", ": in the middle", "data: d", ""))
                .containsExactly(new SseEvent("updated", "", "d"));
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndItsTypeDoesNotLeakIntoTheNext() {
        assertThat(parse("event: synced", "", "data: plain", "")).containsExactly(new SseEvent("message", "", "plain"));
    }

    @Test
    void theLastEventIdOutlivesItsEventAndAnIdWithNulIsIgnored() {
        SseParser parser = new SseParser();
        assertThat(parse(parser, "id: 5", "data: a", "", "data: b", "", "id: 6\0x", "data: c", ""))
                .extracting(SseEvent::id).containsExactly("5", "5", "5");
        assertThat(parser.lastEventId()).isEqualTo("5");
        parse(parser, "id", "");
        assertThat(parser.lastEventId()).as("an empty id resets it").isEmpty();
    }

    @Test
    void unknownFieldsAndAFieldWithoutColonAreIgnored() {
        assertThat(parse("foo: bar", "event: state", "nonsense", "data: ok", ""))
                .containsExactly(new SseEvent("state", "", "ok"));
    }

    @Test
    void retryTakesOnlyDigits() {
        SseParser parser = new SseParser();
        assertThat(parser.retryMillis()).isEqualTo(-1);
        parse(parser, "retry: 1500");
        assertThat(parser.retryMillis()).isEqualTo(1500);
        parse(parser, "retry: 2s", "retry: -1", "retry:");
        assertThat(parser.retryMillis()).isEqualTo(1500);
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkipped() {
        assertThat(parse("\uFEFFevent: state", "data: s", "", "\uFEFFevent: x", "data: y", ""))
                .containsExactly(new SseEvent("state", "", "s"), new SseEvent("message", "", "y"));
    }

    @Test
    void dataMayContainColonsAndJson() {
        String json = "{\"namespace\":\"default\",\"service\":\"web\",\"revision\":12,\"previous\":11,"
                + "\"kind\":\"updated\",\"instance\":{\"address\":\"::1\",\"meta\":{\"a:b\":\"c: d\"}}}";
        assertThat(parse("event: updated", "id: 12", "data: " + json, "")).containsExactly(
                new SseEvent("updated", "12", json));
    }
}
