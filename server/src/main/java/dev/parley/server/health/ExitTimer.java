package dev.parley.server.health;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Runs the exit once, some time after a fatal error was reported. */
public interface ExitTimer {
    /** Runs {@code exit} after {@code delay}; called at most once. */
    void start(Duration delay, Runnable exit);

    /** The server closed normally: no exit will be needed (a timer already started is not stopped). */
    void cancel();

    /**
     * A daemon thread started now and waiting: a JVM that is out of memory may not manage to start a
     * thread, or to allocate a scheduler's task, at the moment the exit is needed.
     */
    static ExitTimer standbyThread() {
        return new StandbyThread();
    }

    final class StandbyThread implements ExitTimer {
        private final CountDownLatch fired = new CountDownLatch(1);
        private volatile Duration delay;
        private volatile Runnable exit;

        private StandbyThread() {
            Thread t = new Thread(this::await, "fatal-exit");
            t.setDaemon(true);
            t.start();
        }

        private void await() {
            try {
                fired.await();
                Runnable e = exit;
                if (e == null) {
                    return; // cancelled
                }
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                // exit now rather than never
            }
            Runnable e = exit;
            if (e != null) {
                e.run();
            }
        }

        @Override
        public void start(Duration d, Runnable e) {
            delay = d;
            exit = e;
            fired.countDown();
        }

        @Override
        public void cancel() {
            if (fired.getCount() > 0 && exit == null) {
                fired.countDown();
            }
        }
    }
}
