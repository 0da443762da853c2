package dev.parley.media.dtls;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run BouncyCastle's blocking DTLS handshakes (and the rare post-handshake record
 * processing) for {@link DtlsAssociation}s.
 *
 * <p>A handshake holds its thread for a few round trips (seconds on a lossy path, up to the handshake
 * timeout against a silent peer), so the pool is bounded: at most {@code maxThreads} daemon threads
 * named {@code dtls-handshake-N}, idle ones retired after 30 s, and up to {@value #QUEUE_CAPACITY}
 * tasks waiting; beyond that a new handshake fails at once with
 * {@link DtlsException.Reason#OVERLOADED}. One pool per process is enough; shut it down on exit.
 */
public final class DtlsHandshakeExecutor {

    static final int QUEUE_CAPACITY = 1024;

    private DtlsHandshakeExecutor() {
    }

    /** A bounded pool of at most {@code maxThreads} daemon handshake threads. */
    public static ExecutorService create(int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be positive");
        }
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "dtls-handshake-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUE_CAPACITY), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
