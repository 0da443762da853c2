package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.net.UnknownHostException;

/**
 * How the attack tests run the server jar: a small heap, so that what an attacker can make the server hold
 * shows up at once (G1 named, so that the collector does not depend on the machine's size). Attackers
 * send from other loopback addresses than the legitimate clients' 127.0.0.1, so per-address limits
 * separate them as they would separate hosts.
 */
final class AttackServer {
    static final String HEAP = "-Xmx96m";
    /** What the server may hold after a full GC, during and after any attack, at {@link #HEAP}. */
    static final long HEAP_BOUND_BYTES = 40L * 1024 * 1024;

    private AttackServer() {
    }

    static ServerProcess.Options options() {
        return ServerProcess.with().jvm(HEAP, "-XX:+UseG1GC");
    }

    static ServerProcess start(String yaml) throws Exception {
        return options().yaml(yaml).start();
    }

    /** Attacker number {@code n} (1, 2, ...): 127.0.0.{n+1}. */
    static InetAddress attacker(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (n / 250), (byte) (1 + n % 250)});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The heap in use after a full GC; the server must still be running. */
    static long heapAfterGc(ServerProcess server, String when) throws Exception {
        assertAlive(server, when);
        try {
            return server.heapUsedAfterFullGc();
        } catch (Exception e) {
            Thread.sleep(200);
            throw new AssertionError(when + ": cannot measure the heap (" + e.getMessage().strip() + "); process "
                    + (server.isAlive() ? "running" : "exited " + server.awaitExit(Duration.ZERO)) + "; its log:\n"
                    + Poll.tail(server.log(), 40), e);
        }
    }

    static void assertAlive(ServerProcess server, String when) {
        assertThat(server.isAlive()).as("%s: the server process is running; its log:\n%s", when,
                Poll.tail(server.log(), 40)).isTrue();
    }

    static void assertUnderBound(long heapUsed, String when) {
        assertThat(heapUsed).as("%s: heap after a full GC (%s), bound %s", when, SecurityFigures.mb(heapUsed),
                SecurityFigures.mb(HEAP_BOUND_BYTES)).isLessThan(HEAP_BOUND_BYTES);
    }
}
