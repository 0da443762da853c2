package dev.parley.server.it;

import dev.parley.media.dtls.DtlsHandshakeExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack 3: 1,100 TCP connections that never upgrade to a WebSocket, against a server started under
 * {@code ulimit -n 1024}: a third silent, a third trickling their request one byte every two seconds, a
 * third idle on keep-alive after one request. They come from 50 loopback addresses (127.0.0.2 to
 * 127.0.0.51, 22 each), below every per-address limit, so only the server-wide caps and the timeouts
 * can answer them. Without them the server runs out of file descriptors and stops accepting, the
 * legitimate client's connection waits in the backlog, and nothing ever closes the attacker's.
 *
 * <p>Intended (limits {@code headerTimeoutSeconds: 5}, {@code idleTimeoutSeconds: 10} to keep the test
 * short): connections over the cap derived from the descriptor limit are refused at once; silent and
 * trickling ones are closed at the header timeout, idle ones at the idle timeout; a legitimate client
 * gets in within the attack, at worst once the header timeout has freed room.
 */
class IdleConnectionsAttackIT {
    private static final int FILE_LIMIT = 1024;
    private static final int CONNECTIONS = 1100;
    private static final int ADDRESSES = 50;
    private static final int HEADER_TIMEOUT_S = 5;
    private static final int IDLE_TIMEOUT_S = 10;
    private static final Duration MARGIN = Duration.ofSeconds(4);
    private static final Duration ATTACK_LIMIT = Duration.ofSeconds(IDLE_TIMEOUT_S).plus(MARGIN).plusSeconds(6);
    private static final byte[] REQUEST = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private static ExecutorService dtls;
    private final SecurityFigures figures = new SecurityFigures("IdleConnectionsAttackIT");

    enum Kind { SILENT, TRICKLE, IDLE_KEEP_ALIVE }

    @BeforeAll
    static void executors() {
        dtls = DtlsHandshakeExecutor.create(4);
    }

    @AfterAll
    static void stop() {
        dtls.shutdownNow();
    }

    /** One attacker connection and what became of it. */
    private static final class Held {
        final Kind kind;
        final SocketChannel channel;
        final long openedAt = System.nanoTime();
        long closedAt; // 0 while open
        int trickled;

        Held(Kind kind, SocketChannel channel) {
            this.kind = kind;
            this.channel = channel;
        }
    }

    /** Opens the connections, then watches them on one selector thread until all are closed or time is up. */
    private static final class IdleHorde implements Runnable {
        final int httpPort;
        final List<Held> held = Collections.synchronizedList(new ArrayList<>());
        volatile int failedToConnect;
        volatile boolean opened;
        final long deadline = System.nanoTime() + ATTACK_LIMIT.toNanos();

        IdleHorde(int httpPort) {
            this.httpPort = httpPort;
        }

        @Override
        public void run() {
            try (Selector selector = Selector.open()) {
                open(selector);
                opened = true;
                watch(selector);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                synchronized (held) {
                    for (Held h : held) {
                        try {
                            h.channel.close();
                        } catch (IOException e) {
                            // closing what is left
                        }
                    }
                }
            }
        }

        private void open(Selector selector) {
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort);
            for (int i = 0; i < CONNECTIONS; i++) {
                Kind kind = Kind.values()[i % 3];
                try {
                    SocketChannel c = SocketChannel.open();
                    c.bind(new InetSocketAddress(AttackServer.attacker(1 + i % ADDRESSES), 0));
                    c.socket().connect(server, 1000);
                    c.configureBlocking(false);
                    Held h = new Held(kind, c);
                    if (kind == Kind.IDLE_KEEP_ALIVE) {
                        c.write(ByteBuffer.wrap(REQUEST));
                    }
                    c.register(selector, SelectionKey.OP_READ, h);
                    held.add(h);
                } catch (IOException e) {
                    failedToConnect++;
                }
            }
        }

        private void watch(Selector selector) throws IOException {
            ByteBuffer sink = ByteBuffer.allocate(16 * 1024);
            long nextTrickle = System.nanoTime();
            while (System.nanoTime() < deadline && open() > 0) {
                selector.select(200);
                for (SelectionKey k : selector.selectedKeys()) {
                    Held h = (Held) k.attachment();
                    try {
                        sink.clear();
                        if (h.channel.read(sink) < 0) {
                            closed(h, k);
                        }
                    } catch (IOException e) {
                        closed(h, k);
                    }
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() >= nextTrickle) {
                    nextTrickle += Duration.ofSeconds(2).toNanos();
                    trickle(selector);
                }
            }
        }

        private void trickle(Selector selector) {
            synchronized (held) {
                for (Held h : held) {
                    if (h.kind == Kind.TRICKLE && h.closedAt == 0 && h.trickled < REQUEST.length) {
                        try {
                            h.channel.write(ByteBuffer.wrap(REQUEST, h.trickled, 1));
                            h.trickled++;
                        } catch (IOException e) {
                            closed(h, h.channel.keyFor(selector));
                        }
                    }
                }
            }
        }

        private static void closed(Held h, SelectionKey k) {
            if (h.closedAt == 0) {
                h.closedAt = System.nanoTime();
            }
            if (k != null) {
                k.cancel();
            }
        }

        long open() {
            synchronized (held) {
                return held.stream().filter(h -> h.closedAt == 0).count();
            }
        }
    }

    @Test
    void elevenHundredIdleConnectionsUnderAThousandFileDescriptorsAreShedAndALegitimateClientGetsIn()
            throws Exception {
        try (ServerProcess server = AttackServer.options().openFileLimit(FILE_LIMIT)
                .yaml("limits:\n  headerTimeoutSeconds: " + HEADER_TIMEOUT_S + "\n  idleTimeoutSeconds: "
                        + IDLE_TIMEOUT_S + "\n").start();
             RunningCall call = RunningCall.start(server, 5003, 2, dtls)) {
            AttackOutcome outcome = new AttackOutcome(server);
            long heapBefore = outcome.heap("before the attack");

            IdleHorde horde = new IdleHorde(server.httpPort());
            Thread attack = new Thread(horde, "idle-horde");
            attack.setDaemon(true);
            long attackStart = System.nanoTime();
            attack.start();
            long heapDuring;
            Duration legitDuring;
            long openWhenLegitStarted;
            try {
                Poll.until("the attacker's connections opened", Duration.ofSeconds(30), () -> horde.opened, () -> "");
                openWhenLegitStarted = horde.open();
                // A client that retries, as the SDK does: it must get in before the idle timeout, i.e. while
                // the idle third of the attacker still holds its connections.
                legitDuring = outcome.legitimateClient("during the attack", () -> retrying(server, call,
                        Duration.ofSeconds(HEADER_TIMEOUT_S).plus(MARGIN)));
                outcome.stillFlowing("during the attack", call, Duration.ofSeconds(2));
                heapDuring = outcome.heap("during the attack");
            } finally {
                attack.join(ATTACK_LIMIT.toMillis() + 35_000);
            }
            long attackEnd = System.nanoTime();
            long heapAfter = outcome.heap("after the attack");
            Duration legitAfter = outcome.afterTheAttack(server, call, dtls);

            Map<Kind, List<Long>> shed = new EnumMap<>(Kind.class);
            Map<Kind, Integer> neverShed = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) {
                shed.put(k, new ArrayList<>());
                neverShed.put(k, 0);
            }
            for (Held h : horde.held) {
                if (h.closedAt == 0) {
                    neverShed.merge(h.kind, 1, Integer::sum);
                } else {
                    shed.get(h.kind).add((h.closedAt - h.openedAt) / 1_000_000);
                }
            }
            StringBuilder perKind = new StringBuilder();
            for (Kind k : Kind.values()) {
                List<Long> s = shed.get(k);
                Collections.sort(s);
                perKind.append(String.format(Locale.ROOT, " %s: shed=%d never=%d ms_median=%s ms_max=%s;",
                        k.name().toLowerCase(Locale.ROOT), s.size(), neverShed.get(k),
                        s.isEmpty() ? "-" : s.get(s.size() / 2), s.isEmpty() ? "-" : s.get(s.size() - 1)));
            }
            figures.line("heap", AttackOutcome.heapFigures(heapBefore, heapDuring, heapAfter) + " ulimit -n " + FILE_LIMIT);
            figures.line("attacker", String.format(Locale.ROOT,
                    "connections=%d from %d addresses, failed to connect=%d, open when the legitimate client started=%d,"
                            + " attack lasted %ds;%s",
                    horde.held.size(), ADDRESSES, horde.failedToConnect, openWhenLegitStarted,
                    (attackEnd - attackStart) / 1_000_000_000, perKind));
            figures.line("legitimate client", "during=" + AttackOutcome.ms(legitDuring) + " after="
                    + AttackOutcome.ms(legitAfter) + " (limits: header timeout " + HEADER_TIMEOUT_S + "s, idle timeout "
                    + IDLE_TIMEOUT_S + "s)");

            long headerBound = Duration.ofSeconds(HEADER_TIMEOUT_S).plus(MARGIN).toMillis();
            long idleBound = Duration.ofSeconds(IDLE_TIMEOUT_S).plus(MARGIN).toMillis();
            for (Kind k : Kind.values()) {
                outcome.soft().assertThat(neverShed.get(k)).as("%s connections the server never closed", k).isZero();
                long bound = k == Kind.IDLE_KEEP_ALIVE ? idleBound : headerBound;
                outcome.soft().assertThat(shed.get(k)).as("%s connections closed within %d ms of opening", k, bound)
                        .allSatisfy(ms -> org.assertj.core.api.Assertions.assertThat(ms).isLessThanOrEqualTo(bound));
            }
            outcome.assertAll();
        } finally {
            figures.write();
        }
    }

    /** The legitimate client's check, retried every half second until {@code within} has passed. */
    private static Duration retrying(ServerProcess server, RunningCall call, Duration within) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + within.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                LegitimateClient.check(server, call, dtls,
                        Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime())));
                return Duration.ofNanos(System.nanoTime() - t0);
            } catch (AssertionError e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw new AssertionError("no success within " + within + "; last attempt: "
                + (last == null ? "none" : last.getMessage()));
    }
}
