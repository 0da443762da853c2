package dev.parley.server.it;

import dev.parley.media.dtls.DtlsHandshakeExecutor;
import dev.parley.usersig.UserSig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack 4, a join flood during a call: four WebSocket connections from 127.0.0.2 send join requests for
 * the call's room, each as one user ({@code mallory0} ...) with a well-formed UserSig for that user signed
 * with the wrong key (each join costs the server a full verification), at
 * {@link #JOINS_PER_SECOND_PER_CONNECTION} per connection, reconnecting when dropped, for {@link #ATTACK}.
 * The running call's forwarding latency and its publisher's heartbeat round trip are measured before and
 * during the flood.
 *
 * <p>Intended: UserSigs are verified off the media thread and refused joins are rate limited
 * ({@code limits.requestsPerSecond} per connection: a connection far over it is closed with 1008;
 * {@code failedJoinsPerMinutePerIp}), so no attacker join succeeds, each attacker connection is shed within
 * {@link #SHED_WITHIN}, the call keeps flowing, and a legitimate client still joins. The call's latency
 * before and during is reported (security-figures.txt), not asserted: it moves with the shared machine's load.
 */
class JoinFloodAttackIT {
    private static final Duration ATTACK = Duration.ofSeconds(15);
    private static final int ATTACK_CONNECTIONS = 4;
    private static final int JOINS_PER_SECOND_PER_CONNECTION = 2500;
    private static final Duration SHED_WITHIN = Duration.ofSeconds(10);
    private static final int ROOM = 5004;

    private static ExecutorService dtls;
    private final SecurityFigures figures = new SecurityFigures("JoinFloodAttackIT");

    @BeforeAll
    static void executors() {
        dtls = DtlsHandshakeExecutor.create(4);
    }

    @AfterAll
    static void stop() {
        dtls.shutdownNow();
    }

    /** The flood: each thread one connection at a time, joins paced in 10 ms slices, responses read by another. */
    private static final class Flood {
        final int httpPort;
        final long deadline = System.nanoTime() + ATTACK.toNanos();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong refusedJoins = new AtomicLong();
        final AtomicLong acceptedJoins = new AtomicLong();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger failedConnects = new AtomicInteger();
        final AtomicInteger survived = new AtomicInteger();
        final AtomicInteger openAtEnd = new AtomicInteger();
        final List<Long> shedMillis = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, AtomicInteger> closeCodes = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> errorNames = new ConcurrentHashMap<>();
        final List<Thread> threads = new ArrayList<>();

        Flood(int httpPort) {
            this.httpPort = httpPort;
        }

        void start() {
            for (int i = 0; i < ATTACK_CONNECTIONS; i++) {
                int n = i;
                Thread t = new Thread(() -> attacker(n), "join-flood-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        void await() throws InterruptedException {
            for (Thread t : threads) {
                t.join(ATTACK.toMillis() + 15_000);
            }
        }

        private void attacker(int n) {
            while (System.nanoTime() < deadline) {
                AttackerWebSocket ws;
                try {
                    ws = AttackerWebSocket.open(AttackServer.attacker(1), httpPort, 0);
                } catch (IOException e) {
                    failedConnects.incrementAndGet();
                    sleep(100);
                    continue;
                }
                connections.incrementAndGet();
                long t0 = System.nanoTime();
                Thread reader = new Thread(() -> read(ws), Thread.currentThread().getName() + "-reader");
                reader.setDaemon(true);
                reader.start();
                try (ws) {
                    long id = 0;
                    long slice = System.nanoTime();
                    while (System.nanoTime() < deadline && reader.isAlive()) {
                        int perSlice = JOINS_PER_SECOND_PER_CONNECTION / 100;
                        for (int i = 0; i < perSlice; i++) {
                            String user = "mallory" + n;
                            ++id;
                            ws.out.write(AttackerWebSocket.textFrame("{\"v\":1,\"id\":" + id + ",\"type\":\"join\",\"data\":"
                                    + "{\"sdkAppId\":" + ServerProcess.SDK_APP_ID + ",\"userId\":\"" + user
                                    + "\",\"userSig\":\"" + badSig(user) + "\",\"roomId\":" + ROOM
                                    + ",\"role\":\"anchor\",\"mode\":\"rtc\"}}"));
                        }
                        ws.out.flush();
                        sent.addAndGet(perSlice);
                        slice += 10_000_000L;
                        long wait = slice - System.nanoTime();
                        if (wait > 0) {
                            sleep(wait / 1_000_000);
                        }
                    }
                    if (reader.isAlive()) {
                        // Still open at the end: against the server only if it had the time to drop it.
                        (deadline - t0 > SHED_WITHIN.toNanos() ? survived : openAtEnd).incrementAndGet();
                    } else {
                        shedMillis.add((System.nanoTime() - t0) / 1_000_000);
                    }
                } catch (IOException e) {
                    shedMillis.add((System.nanoTime() - t0) / 1_000_000);
                }
                try {
                    reader.join(2000);
                } catch (InterruptedException e) {
                    return;
                }
                int code = ws.closeCode();
                closeCodes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
            }
        }

        private void read(AttackerWebSocket ws) {
            try {
                for (byte[] f = ws.readFrame(); f != null; f = ws.readFrame()) {
                    String text = new String(f, java.nio.charset.StandardCharsets.UTF_8);
                    if (text.contains("\"ok\":true")) {
                        acceptedJoins.incrementAndGet();
                    } else if (text.contains("\"ok\":false")) {
                        refusedJoins.incrementAndGet();
                        int i = text.indexOf("\"name\":\"");
                        String name = i < 0 ? "?" : text.substring(i + 8, text.indexOf('"', i + 8));
                        errorNames.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // dropped
            }
        }

        private static final Map<String, String> SIGS = new ConcurrentHashMap<>();

        /** A UserSig in the right format, signed with a key the server does not have. */
        private static String badSig(String user) {
            return SIGS.computeIfAbsent(user,
                    u -> UserSig.generate(ServerProcess.SDK_APP_ID, "not-the-secret-key-0123456789abcdef", u, 3600));
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(Math.max(0, ms));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void refusedJoinsFloodingTheServerDoNotSlowTheRunningCallOrKeepALegitimateClientOut() throws Exception {
        try (ServerProcess server = AttackServer.start("");
             RunningCall call = RunningCall.start(server, ROOM, 2, dtls)) {
            AttackOutcome outcome = new AttackOutcome(server);
            long heapBefore = outcome.heap("before the attack");
            call.takeLatency();
            outcome.stillFlowing("before the attack", call, Duration.ofSeconds(3));
            RunningCall.Percentiles latencyBefore = call.takeLatency();
            RunningCall.Percentiles heartbeatBefore = call.heartbeatRoundTrips(20, Duration.ofMillis(50));

            Flood flood = new Flood(server.httpPort());
            flood.start();
            long heapDuring;
            Duration legitDuring;
            RunningCall.Percentiles latencyDuring;
            RunningCall.Percentiles heartbeatDuring;
            try {
                Thread.sleep(2000);
                call.takeLatency();
                outcome.stillFlowing("during the attack", call, Duration.ofSeconds(3));
                latencyDuring = call.takeLatency();
                heartbeatDuring = call.heartbeatRoundTrips(20, Duration.ofMillis(50));
                legitDuring = outcome.legitimateClient("during the attack",
                        () -> LegitimateClient.check(server, call, dtls, Duration.ofSeconds(15)));
                heapDuring = outcome.heap("during the attack");
            } finally {
                flood.await();
            }
            long heapAfter = outcome.heap("after the attack");
            Duration legitAfter = outcome.afterTheAttack(server, call, dtls);

            List<Long> shed = new ArrayList<>(flood.shedMillis);
            Collections.sort(shed);
            figures.line("heap", AttackOutcome.heapFigures(heapBefore, heapDuring, heapAfter));
            figures.line("attacker", String.format(Locale.ROOT,
                    "joins sent=%d (%d/s target from %d connections) refused=%d accepted=%d errors=%s connections=%d"
                            + " shed=%d never_shed=%d open_at_end=%d failed_connects=%d shed_ms_median=%s shed_ms_max=%s"
                            + " close_codes=%s",
                    flood.sent.get(), JOINS_PER_SECOND_PER_CONNECTION * ATTACK_CONNECTIONS, ATTACK_CONNECTIONS,
                    flood.refusedJoins.get(), flood.acceptedJoins.get(), new TreeMap<>(flood.errorNames),
                    flood.connections.get(), shed.size(), flood.survived.get(), flood.openAtEnd.get(),
                    flood.failedConnects.get(),
                    shed.isEmpty() ? "-" : shed.get(shed.size() / 2), shed.isEmpty() ? "-" : shed.get(shed.size() - 1),
                    new TreeMap<>(flood.closeCodes)));
            figures.line("call latency", "before " + latencyBefore + ", during " + latencyDuring);
            figures.line("heartbeat round trip", "before " + heartbeatBefore + ", during " + heartbeatDuring);
            figures.line("legitimate client", "during=" + AttackOutcome.ms(legitDuring) + " after="
                    + AttackOutcome.ms(legitAfter));

            outcome.soft().assertThat(flood.acceptedJoins.get()).as("attacker joins accepted").isZero();
            outcome.soft().assertThat(flood.survived.get()).as("attacker connections not dropped within %s (of %d)",
                    SHED_WITHIN, flood.connections.get()).isZero();
            if (!shed.isEmpty()) {
                outcome.soft().assertThat(shed.get(shed.size() - 1)).as("slowest drop of an attacker connection, ms")
                        .isLessThan(SHED_WITHIN.toMillis());
            }
            // Latency and the heartbeat round trip are figures, not assertions: on a machine shared with other
            // builds they move with the machine's load (p99 from 3 to 200 ms before any attack), so a bound
            // would make this test fail for reasons that are not the server's. What is asserted is that the
            // call keeps flowing (AttackOutcome: each subscriber receives at least 80 % of what was sent).
            outcome.assertAll();
        } finally {
            figures.write();
        }
    }
}
