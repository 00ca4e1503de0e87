package io.cairn.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A watch stream ({@code text/event-stream}) read in the background, as tests see it: each
 * event's name, id and data in order, the comment lines (keep-alives), and how the stream ended.
 *
 * <p>Events are dispatched at their blank line, as the SSE format says; a {@code data:} line
 * without an {@code event:} line before it gets the name {@code message}. The lines are read on a
 * daemon thread of this reader; the data is kept as text and parsed as JSON only when a test asks
 * ({@link Event#json()}), so a parse failure fails the test that reads it instead of vanishing in a
 * thread nobody watches. The stream ends when the server closes it, when the connection breaks,
 * or on {@link #close()}; {@link #ended()} completes then, with the I/O error if there was one.
 *
 * <p>Thread safe: the test thread reads while the reader thread appends.
 */
public final class SseStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * One event.
     *
     * @param atNanos {@code System.nanoTime()} when its blank line was read (for latency checks
     *     of real processes)
     */
    public record Event(String name, String id, String data, long atNanos) {

        /** The data as JSON; an {@link AssertionError} naming the event if it is not JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("event " + name + " has data that is not JSON: " + data, e);
            }
        }
    }

    /** A comment line (a keep-alive is {@code keep-alive}), without its colon, and when it was read. */
    public record Comment(String text, long atNanos) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Event> unread = new LinkedBlockingQueue<>();
    private final List<Comment> comments = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile int status;

    private SseStream(HttpRequest request) {
        response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.whenComplete((r, error) -> {
            if (error != null) {
                ended.completeExceptionally(error);
                return;
            }
            status = r.statusCode();
            Thread reader = new Thread(() -> read(r.body()), "sse-" + request.uri().getPath());
            reader.setDaemon(true);
            reader.start();
        });
    }

    /** Opens {@code uri} with a GET. */
    public static SseStream open(URI uri) {
        return open(HttpRequest.newBuilder(uri).build());
    }

    /** Opens {@code uri}, resuming after {@code lastEventId} (sent as {@code Last-Event-ID}; null: none). */
    public static SseStream open(URI uri, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        return open(b.build());
    }

    /** Sends {@code request} (a GET of a watch path, with whatever headers the test wants). */
    public static SseStream open(HttpRequest request) {
        return new SseStream(request);
    }

    private void read(Stream<String> lines) {
        String name = null;
        String id = null;
        StringBuilder data = null;
        try (lines) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data != null) {
                        Event e = new Event(name == null ? "message" : name, id, data.toString(), System.nanoTime());
                        events.add(e);
                        unread.add(e);
                    }
                    name = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(new Comment(line.substring(1).strip(), System.nanoTime()));
                } else if (line.startsWith("event:")) {
                    name = value(line, 6);
                } else if (line.startsWith("id:")) {
                    id = value(line, 3);
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder(value(line, 5)) : data.append('\n').append(value(line, 5));
                }
            }
            ended.complete(null);
        } catch (UncheckedIOException e) {
            // the connection broke or was closed: the end of this stream, with its reason
            ended.completeExceptionally(e.getCause());
        }
    }

    /** A field's value: the text after the colon, less one leading space. */
    private static String value(String line, int colon) {
        return line.startsWith(" ", colon) ? line.substring(colon + 1) : line.substring(colon);
    }

    /** Every event so far, in order. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The events so far with this name, in order. */
    public List<Event> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** The comment lines so far, in order. */
    public List<Comment> comments() {
        return List.copyOf(comments);
    }

    /**
     * The next event not yet taken by {@code next}, waiting up to {@code timeout}.
     *
     * @throws AssertionError if none comes in time (saying whether the stream ended)
     */
    public Event next(Duration timeout) throws InterruptedException {
        Event e = unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + timeout.toMillis() + " ms"
                    + (ended.isDone() ? "; the stream had ended (status " + status + ")" : ""));
        }
        return e;
    }

    /** The next {@code n} events (see {@link #next(Duration)}), each within {@code timeout}. */
    public List<Event> next(int n, Duration timeout) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(next(timeout));
        }
        return out;
    }

    /** The next event, or null if the stream ends (or nothing comes within {@code timeout}) first. */
    public Event nextOrEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Event e = unread.poll(50, TimeUnit.MILLISECONDS);
            if (e != null) {
                return e;
            }
            if (ended.isDone() && unread.isEmpty()) {
                return null;
            }
        }
        return null;
    }

    /** Completes when the stream has ended: normally when the server closed it, else with the I/O error. */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /** The HTTP status of the answer, or 0 before the head arrived. */
    public int status() {
        return status;
    }

    /** Hangs up. */
    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
