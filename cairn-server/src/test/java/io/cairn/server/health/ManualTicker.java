package io.cairn.server.health;

import io.cairn.server.time.Ticker;
import java.time.Instant;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so. */
public final class ManualTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long nanos() {
        return nanos.get();
    }

    /** Wall time moves with the manual clock, from a fixed origin. */
    @Override
    public Instant now() {
        return Instant.parse("2026-01-01T00:00:00Z").plusNanos(nanos.get());
    }

    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
