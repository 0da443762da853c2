package dev.parley.client;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The threads that pace every local source of this JVM (a source's ticks are short: build, encrypt, send). */
final class Pacer {
    static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(
            Math.max(1, Integer.getInteger("parley.client.pacerThreads", 2)), r -> {
                Thread t = new Thread(r, "parley-client-pacer");
                t.setDaemon(true);
                return t;
            });

    private Pacer() {
    }
}
