package dev.parley.server;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM is a graceful stop (docs/PROTOCOL.md "Drain"): the server drains ({@link ParleyServer#drain}), then
 * closes (clients get 1001) and the process exits 0 — a planned stop, not a failure. A second SIGTERM while
 * draining stops at once. The JVM's own handling (shutdown hooks, exit status 143) stays for SIGINT.
 */
final class GracefulStop {
    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

    private GracefulStop() {
    }

    static void onSigterm(ParleyServer server, Duration drainTimeout) {
        Thread drainer = new Thread(() -> {
            try {
                server.drain(drainTimeout);
            } catch (Exception e) {
                log.warn("drain failed: {}", e.toString());
            }
            System.exit(0); // the shutdown hook closes the server
        }, "drain");
        drainer.setDaemon(true);
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
                if (drainer.getState() == Thread.State.NEW) {
                    log.info("SIGTERM: draining for up to {} s", drainTimeout.toSeconds());
                    drainer.start();
                } else {
                    log.info("SIGTERM again: stopping now");
                    System.exit(0);
                }
            });
        } catch (IllegalArgumentException e) {
            log.warn("cannot handle SIGTERM here ({}); it stops the server without a drain", e.getMessage());
        }
    }
}
