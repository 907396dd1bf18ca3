package dev.sightline.storage.instrumentation;

import java.util.concurrent.atomic.LongAdder;

/** A monotonic count, cheap to increment from many threads (a {@link LongAdder}). */
public final class Counter {
    private final LongAdder value = new LongAdder();

    public void inc() {
        value.increment();
    }

    /** @param n must not be negative */
    public void add(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a counter only goes up, got an increment of " + n);
        }
        value.add(n);
    }

    public long value() {
        return value.sum();
    }
}
