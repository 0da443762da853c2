package dev.parley.sfu;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Work handed to another thread's executor (a media loop's task queue, which has no bound of its own), at
 * most {@code limit} tasks waiting there at once: beyond that a task is refused and counted, so what a peer
 * sends as fast as it likes (RTCP) cannot grow a loop's queue that has fallen behind. For work that is
 * repeated anyway when lost (a NACK, a PLI, transport-cc feedback, a sender report). Any thread.
 */
public final class BoundedTasks {
    private final Executor target;
    private final int limit;
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    public BoundedTasks(Executor target, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a bound of at least one task: " + limit);
        }
        this.target = target;
        this.limit = limit;
    }

    /** Hands {@code task} over, or refuses it (false) while {@code limit} tasks wait. */
    public boolean execute(Runnable task) {
        if (waiting.incrementAndGet() > limit) {
            waiting.decrementAndGet();
            refused.increment();
            return false;
        }
        target.execute(() -> {
            waiting.decrementAndGet();
            task.run();
        });
        return true;
    }

    /** Tasks refused so far. */
    public long refused() {
        return refused.sum();
    }
}
