package dev.parley.server.health;

import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Threads for Netty event loops that report their own end. Netty catches whatever ends a loop (it logs
 * "Unexpected exception from an event executor" and "terminated with non-empty task queue") and lets
 * the thread finish quietly; the channels on it then never run again while their ports stay open. The
 * runnable Netty gives the factory is the whole life of the loop, so a thread that returns from it while
 * the server is not closing has lost its loop.
 */
public final class EventLoopThreadFactory extends DefaultThreadFactory {
    private final FatalErrorMonitor monitor;

    /** Daemon threads named {@code name-N-M}, like Netty's own factory. */
    public EventLoopThreadFactory(String name, FatalErrorMonitor monitor) {
        super(name, true);
        this.monitor = monitor;
    }

    @Override
    protected Thread newThread(Runnable loop, String threadName) {
        // Built now: when the loop ends the heap may be too full to build a string.
        String where = "event loop thread " + threadName;
        String ended = where + " ended while the server was running";
        return super.newThread(() -> {
            try {
                loop.run();
            } catch (Throwable t) {
                monitor.reportIfFatal(where, t);
                throw t;
            } finally {
                if (!monitor.isShuttingDown()) {
                    monitor.report(ended, null);
                }
            }
        }, threadName);
    }
}
