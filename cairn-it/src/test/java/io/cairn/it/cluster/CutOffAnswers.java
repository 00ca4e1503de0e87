package io.cairn.it.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a node cut off from the others answered to the writes sent to it: those sent before the
 * cut are only counted; of those sent after it, what came back before the healing (where only a
 * refusal, 503, or no answer at all is right) and what came back after.
 */
final class CutOffAnswers {

    /** One write sent to the node that is cut off: when, for which partition, and what came back. */
    record Sent(long sentNanos, int partition, CompletableFuture<Answer> answer) {
    }

    /**
     * What came back: {@code status} -1 when nothing did (connection failure or the client's
     * timeout); {@code kind} the status with the error message (numbers and node ids elided), or the
     * failure's class.
     */
    record Answer(long answeredNanos, int status, String kind) {
    }

    private int beforeCut;
    private final Map<String, Integer> whileCutOff = new TreeMap<>();
    private final Map<String, Integer> afterHealing = new TreeMap<>();
    /** Milliseconds from sending to a 503, for those answered while cut off, in order. */
    private final List<Long> refusalMillis = new ArrayList<>();
    private final List<String> unanswered = new ArrayList<>();
    private final List<String> notRefused = new ArrayList<>();

    /** Sorts the writes once every answer is in ({@code cut} and {@code healed} from {@link System#nanoTime}). */
    static CutOffAnswers of(List<Sent> sent, long cut, long healed) {
        CutOffAnswers out = new CutOffAnswers();
        for (Sent s : sent) {
            Answer a = s.answer().join();
            long millis = TimeUnit.NANOSECONDS.toMillis(a.answeredNanos() - s.sentNanos());
            String which = "partition " + s.partition() + ", sent "
                    + TimeUnit.NANOSECONDS.toMillis(s.sentNanos() - cut) + " ms after the cut: " + a.kind()
                    + " after " + millis + " ms";
            if (s.sentNanos() < cut) {
                out.beforeCut++;
            } else if (a.answeredNanos() >= healed) {
                out.afterHealing.merge(a.kind(), 1, Integer::sum);
            } else {
                out.whileCutOff.merge(a.kind(), 1, Integer::sum);
                if (a.status() == 503) {
                    out.refusalMillis.add(millis);
                } else if (a.status() == -1) {
                    out.unanswered.add(which);
                } else {
                    out.notRefused.add(which);
                }
            }
        }
        Collections.sort(out.refusalMillis);
        return out;
    }

    /** Writes sent after the cut that the node answered before the healing with anything but 503. */
    List<String> notRefused() {
        return notRefused;
    }

    int answeredWhileCutOff() {
        return whileCutOff.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public String toString() {
        String refused = refusalMillis.isEmpty() ? "none" : refusalMillis.get(0) + " ms min, "
                + refusalMillis.get(refusalMillis.size() / 2) + " ms p50, "
                + refusalMillis.get(refusalMillis.size() - 1) + " ms max";
        return beforeCut + " before the cut; after it, answered while cut off " + whileCutOff + " (503 after "
                + refused + "), no answer " + unanswered + ", answered after the healing " + afterHealing;
    }
}
