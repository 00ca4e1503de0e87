package io.cairn.server.http;

/** Durations as reads show them: whole seconds as {@code 10s}, anything else as {@code 1500ms}. */
final class DurationText {

    private DurationText() {
    }

    static String of(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
