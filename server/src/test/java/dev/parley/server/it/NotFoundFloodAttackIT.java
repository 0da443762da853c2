package dev.parley.server.it;

import dev.parley.media.dtls.DtlsHandshakeExecutor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack 2: 200,000 GET requests for distinct paths that do not exist (512 bytes each), pipelined on four
 * keep-alive connections from 127.0.0.2. A server that remembers what it looked up (a cache of misses)
 * holds every path; one whose static content is a table fixed at start-up holds nothing.
 *
 * <p>Intended: the heap stays under the bound during and after; the call and a new client are unaffected.
 * Whether every request is answered (404) or the attacker is cut off is the server's choice; both are
 * reported.
 */
class NotFoundFloodAttackIT {
    private static final int REQUESTS = 200_000;
    private static final int PATH_BYTES = 512;
    private static final int CONNECTIONS = 4;
    private static final int IN_FLIGHT = 256; // per connection: the attacker reads as fast as it writes
    private static final Duration ATTACK_LIMIT = Duration.ofSeconds(40);

    private static ExecutorService dtls;
    private final SecurityFigures figures = new SecurityFigures("NotFoundFloodAttackIT");

    @BeforeAll
    static void executors() {
        dtls = DtlsHandshakeExecutor.create(4);
    }

    @AfterAll
    static void stop() {
        dtls.shutdownNow();
    }

    /** Four connections, each a writer and a reader, taking request numbers from one counter. */
    private static final class Flood {
        final int httpPort;
        final AtomicInteger next = new AtomicInteger();
        final AtomicLong answered = new AtomicLong();
        final AtomicInteger reconnects = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final long deadline = System.nanoTime() + ATTACK_LIMIT.toNanos();
        final List<Thread> threads = new ArrayList<>();
        volatile long endedAt;
        final long startedAt = System.nanoTime();

        Flood(int httpPort) {
            this.httpPort = httpPort;
        }

        void start() {
            for (int i = 0; i < CONNECTIONS; i++) {
                Thread t = new Thread(this::connection, "not-found-flood-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        boolean finished() {
            return next.get() >= REQUESTS || System.nanoTime() > deadline;
        }

        void await() throws InterruptedException {
            for (Thread t : threads) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + 5000));
            }
            endedAt = System.nanoTime();
        }

        /** One connection at a time, until the requests or the time run out; a dropped one is replaced. */
        private void connection() {
            int failedInARow = 0;
            while (!finished() && failedInARow < 20) {
                try (Socket s = new Socket()) {
                    s.bind(new InetSocketAddress(AttackServer.attacker(1), 0));
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 5000);
                    failedInARow = 0;
                    s.setSoTimeout(5000);
                    pipeline(s);
                } catch (IOException e) {
                    refused.incrementAndGet();
                    failedInARow++;
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
                if (!finished()) {
                    reconnects.incrementAndGet();
                }
            }
        }

        private void pipeline(Socket s) throws IOException {
            Semaphore window = new Semaphore(IN_FLIGHT);
            AtomicInteger outstanding = new AtomicInteger();
            Thread reader = new Thread(() -> {
                try {
                    InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
                    while (true) {
                        int status = readResponse(in);
                        if (status < 0) {
                            return;
                        }
                        statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                        answered.incrementAndGet();
                        outstanding.decrementAndGet();
                        window.release();
                    }
                } catch (IOException e) {
                    // dropped, or silent for 5 s
                } finally {
                    window.release(IN_FLIGHT * 2); // wake the writer
                }
            }, Thread.currentThread().getName() + "-reader");
            reader.setDaemon(true);
            reader.start();
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 65536);
            byte[] padding = new byte[PATH_BYTES];
            Arrays.fill(padding, (byte) 'a');
            try {
                while (reader.isAlive() && !finished()) {
                    int batch = 0;
                    while (batch < 32 && window.tryAcquire()) {
                        int n = next.getAndIncrement();
                        if (n >= REQUESTS) {
                            break;
                        }
                        String prefix = "/nope/" + n + "/";
                        out.write(("GET " + prefix).getBytes(StandardCharsets.US_ASCII));
                        out.write(padding, 0, PATH_BYTES - prefix.length());
                        out.write(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        outstanding.incrementAndGet();
                        batch++;
                    }
                    out.flush();
                    if (batch == 0 && !window.tryAcquire(1, 100, TimeUnit.MILLISECONDS)) {
                        continue;
                    } else if (batch == 0) {
                        window.release();
                    }
                }
                // Let the reader collect the answers still on their way.
                long waitUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (reader.isAlive() && outstanding.get() > 0 && System.nanoTime() < waitUntil) {
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                s.close();
            }
        }

        /** Reads one response (status line, headers, Content-Length body); -1 at the end of the stream. */
        private static int readResponse(InputStream in) throws IOException {
            String statusLine = readLine(in);
            if (statusLine == null) {
                return -1;
            }
            int length = 0;
            for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            in.skipNBytes(length);
            String[] parts = statusLine.split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                sb.append((char) b);
            }
            return sb.length() == 0 ? null : sb.toString();
        }
    }

    @Test
    void twoHundredThousandDistinctMissingPathsCostTheServerNothingItKeeps() throws Exception {
        try (ServerProcess server = AttackServer.start("");
             RunningCall call = RunningCall.start(server, 5002, 2, dtls)) {
            AttackOutcome outcome = new AttackOutcome(server);
            long heapBefore = outcome.heap("before the attack");
            call.takeLatency();
            call.assertStillFlowing(Duration.ofSeconds(2), "before the attack");
            RunningCall.Percentiles latencyBefore = call.takeLatency();

            Flood flood = new Flood(server.httpPort());
            flood.start();
            long heapDuring;
            Duration legitDuring;
            RunningCall.Percentiles latencyDuring;
            try {
                long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (flood.answered.get() < REQUESTS / 2 && !flood.finished() && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                heapDuring = outcome.heap("during the attack (" + flood.answered.get() + " answered)");
                call.takeLatency();
                legitDuring = outcome.legitimateClient("during the attack",
                        () -> LegitimateClient.check(server, call, dtls, Duration.ofSeconds(15)));
                outcome.stillFlowing("during the attack", call, Duration.ofSeconds(2));
                latencyDuring = call.takeLatency();
            } finally {
                flood.await();
            }
            double seconds = (flood.endedAt - flood.startedAt) / 1e9;
            long heapAfter = outcome.heap("after the attack");
            Duration legitAfter = outcome.afterTheAttack(server, call, dtls);

            figures.line("heap", AttackOutcome.heapFigures(heapBefore, heapDuring, heapAfter));
            figures.line("attacker", String.format(Locale.ROOT,
                    "requests=%d answered=%d statuses=%s in %.1fs (%.0f/s) path=%dB connections=%d reconnects=%d refused=%d",
                    Math.min(flood.next.get(), REQUESTS), flood.answered.get(), new java.util.TreeMap<>(flood.statuses),
                    seconds, flood.answered.get() / seconds, PATH_BYTES, CONNECTIONS, flood.reconnects.get(),
                    flood.refused.get()));
            figures.line("call latency", "before " + latencyBefore + ", during " + latencyDuring);
            figures.line("legitimate client", "during=" + AttackOutcome.ms(legitDuring) + " after="
                    + AttackOutcome.ms(legitAfter));
            outcome.assertAll();
        } finally {
            figures.write();
        }
    }
}
