package dev.parley.server.it;

import dev.parley.media.dtls.DtlsHandshakeExecutor;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack 1, the slow reader: a WebSocket client (from 127.0.0.2) that sends 7-byte malformed frames as fast
 * as it can and never reads. Each frame costs it 7 bytes and the server an error response of about 110:
 * unless the server stops queueing for a peer that does not read, its heap fills with responses. The
 * attacker reconnects whenever it is dropped, for {@link #ATTACK}.
 *
 * <p>Intended: the server drops the connection once its unsent data passes {@code limits.maxPendingWriteBytes}
 * (or, if it stops reading from it, at the heartbeat timeout), so every attacker connection is shed within
 * {@link #SHED_WITHIN}; the heap stays under the bound; the call and a new client are unaffected.
 */
class SlowReaderAttackIT {
    private static final Duration ATTACK = Duration.ofSeconds(20);
    private static final Duration SHED_WITHIN = Duration.ofSeconds(12); // heartbeat timeout 8 s + margin
    private static final long MAX_FRAMES_PER_CONNECTION = 3_000_000;
    private static final byte[] CHUNK = chunk(1000); // 1000 frames of one byte, 7 bytes each

    private static ExecutorService dtls;
    private final SecurityFigures figures = new SecurityFigures("SlowReaderAttackIT");

    private static byte[] chunk(int frames) {
        byte[] one = AttackerWebSocket.textFrame("x");
        byte[] c = new byte[one.length * frames];
        for (int i = 0; i < frames; i++) {
            System.arraycopy(AttackerWebSocket.textFrame("x"), 0, c, i * one.length, one.length);
        }
        return c;
    }

    @BeforeAll
    static void executors() {
        dtls = DtlsHandshakeExecutor.create(4);
    }

    @AfterAll
    static void stop() {
        dtls.shutdownNow();
    }

    /** The attacker: connects, writes frames until the server drops it, again until the attack's end. */
    private static final class SlowReader implements Runnable {
        final int httpPort;
        final long deadline = System.nanoTime() + ATTACK.toNanos();
        final List<Long> shedMillis = Collections.synchronizedList(new ArrayList<>());
        volatile Socket current;
        volatile int connections;
        volatile int refused;
        volatile int survived; // connections open for longer than SHED_WITHIN when the attack ended
        volatile int young; // connections opened less than SHED_WITHIN before the end, still open
        volatile long framesSent; // written into the socket; the kernel takes more than the server reads

        SlowReader(int httpPort) {
            this.httpPort = httpPort;
        }

        @Override
        public void run() {
            while (System.nanoTime() < deadline) {
                AttackerWebSocket ws;
                try {
                    ws = AttackerWebSocket.open(AttackServer.attacker(1), httpPort, 4096);
                } catch (IOException e) {
                    refused++;
                    sleep(200);
                    continue;
                }
                connections++;
                current = ws.socket;
                long t0 = System.nanoTime();
                long frames = 0;
                try (ws) {
                    while (System.nanoTime() < deadline && frames < MAX_FRAMES_PER_CONNECTION) {
                        ws.out.write(CHUNK);
                        frames += 1000;
                        framesSent += 1000;
                    }
                    notShedByTheEnd(t0);
                } catch (IOException e) {
                    if (System.nanoTime() < deadline) {
                        shedMillis.add((System.nanoTime() - t0) / 1_000_000);
                    } else {
                        notShedByTheEnd(t0); // blocked in a write the server never read, closed by stop()
                    }
                }
                sleep(20); // an attacker's reconnection rate, and CPU left for the server on a small machine
            }
        }

        /** Still open when the attack ended: counts against the server only if it had time to drop it. */
        private void notShedByTheEnd(long openedAt) {
            if (deadline - openedAt > SHED_WITHIN.toNanos()) {
                survived++;
            } else {
                young++;
            }
        }

        /** Unblocks a write the server no longer reads. */
        void stop() throws IOException {
            Socket s = current;
            if (s != null) {
                s.close();
            }
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aClientThatSendsMalformedFramesAndNeverReadsIsDroppedWhileTheCallGoesOn() throws Exception {
        try (ServerProcess server = AttackServer.start("");
             RunningCall call = RunningCall.start(server, 5001, 2, dtls)) {
            AttackOutcome outcome = new AttackOutcome(server);
            long heapBefore = outcome.heap("before the attack");
            call.takeLatency();
            call.assertStillFlowing(Duration.ofSeconds(2), "before the attack");
            RunningCall.Percentiles latencyBefore = call.takeLatency();

            SlowReader attacker = new SlowReader(server.httpPort());
            Thread attack = new Thread(attacker, "slow-reader");
            attack.setDaemon(true);
            attack.start();
            long heapDuring;
            Duration legitDuring;
            RunningCall.Percentiles latencyDuring;
            try {
                Thread.sleep(3000);
                heapDuring = outcome.heap("during the attack");
                legitDuring = outcome.legitimateClient("during the attack",
                        () -> LegitimateClient.check(server, call, dtls, Duration.ofSeconds(15)));
                call.takeLatency();
                outcome.stillFlowing("during the attack", call, Duration.ofSeconds(3));
                latencyDuring = call.takeLatency();
            } finally {
                attack.join(ATTACK.toMillis() + 2000);
                attacker.stop();
                attack.join(5000);
            }
            long heapAfter = outcome.heap("after the attack");
            Duration legitAfter = outcome.afterTheAttack(server, call, dtls);

            List<Long> shed = new ArrayList<>(attacker.shedMillis);
            Collections.sort(shed);
            figures.line("heap", AttackOutcome.heapFigures(heapBefore, heapDuring, heapAfter));
            figures.line("attacker", String.format(Locale.ROOT,
                    "connections=%d shed=%d never_shed=%d open_at_end=%d refused=%d shed_ms_median=%s shed_ms_max=%s"
                            + " frames_written=%d (%.1fMB in %ds)",
                    attacker.connections, shed.size(), attacker.survived, attacker.young, attacker.refused,
                    shed.isEmpty() ? "-" : shed.get(shed.size() / 2), shed.isEmpty() ? "-" : shed.get(shed.size() - 1),
                    attacker.framesSent, attacker.framesSent * 7 / 1048576.0, ATTACK.toSeconds()));
            figures.line("call latency", "before " + latencyBefore + ", during " + latencyDuring);
            figures.line("legitimate client", "during=" + AttackOutcome.ms(legitDuring) + " after="
                    + AttackOutcome.ms(legitAfter));

            outcome.soft().assertThat(attacker.survived).as("attacker connections the server did not drop within %s (of %d)",
                    SHED_WITHIN,
                    attacker.connections).isZero();
            outcome.soft().assertThat(shed).as("attacker connections dropped by the server").isNotEmpty();
            if (!shed.isEmpty()) {
                outcome.soft().assertThat(shed.get(shed.size() - 1)).as("slowest drop of an attacker connection, ms")
                        .isLessThan(SHED_WITHIN.toMillis());
            }
            outcome.assertAll();
        } finally {
            figures.write();
        }
    }
}
