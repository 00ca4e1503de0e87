package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.time.Cancellable;
import io.cairn.testkit.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's timers wait on the injected scheduler and run on the loop thread. */
class ClientLoopTest {

    private final ManualTicker clock = new ManualTicker();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "loop-under-test"));
    private final ClientLoop loop = new ClientLoop(thread, clock, clock);

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdown();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aTimerRunsOnTheLoopThreadOnlyOnceItsDelayHasPassedOnTheInjectedClock() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        loop.schedule(Duration.ofSeconds(30), () -> ran.add(Thread.currentThread().getName()));

        clock.advance(Duration.ofSeconds(29));
        loop.submit(() -> { }).get(5, TimeUnit.SECONDS); // everything handed to the loop so far has run
        assertThat(ran).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        assertThat(ran).containsExactly("loop-under-test");
        assertThat(loop.ticker()).isSameAs(clock);
    }

    @Test
    void aTimerCancelledOnTheLoopThreadNeverRunsEvenIfItsDelayHadPassed() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        Cancellable[] timer = new Cancellable[1];
        loop.submit(() -> {
            timer[0] = loop.schedule(Duration.ofSeconds(1), () -> ran.add("timer"));
        }).get(5, TimeUnit.SECONDS);
        // The scheduler fires while the loop is busy; the loop cancels before it gets to the timer.
        loop.submit(() -> {
            clock.advance(Duration.ofSeconds(1));
            timer[0].cancel();
        }).get(5, TimeUnit.SECONDS);
        loop.submit(() -> { }).get(5, TimeUnit.SECONDS);

        assertThat(ran).isEmpty();
        assertThat(clock.pending()).isZero();
    }
}
