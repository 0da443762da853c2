package dev.parley.server.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** An {@link ExitTimer} the test fires by hand: nothing waits on a real clock. */
final class ManualExitTimer implements ExitTimer {
    final CompletableFuture<Duration> started = new CompletableFuture<>();
    boolean cancelled;
    private Runnable exit;

    @Override
    public void start(Duration delay, Runnable e) {
        exit = e;
        started.complete(delay);
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    boolean isStarted() {
        return started.isDone();
    }

    /** The delay has passed. */
    void fire() {
        exit.run();
    }
}
