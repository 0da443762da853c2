package dev.parley.server.it;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import org.assertj.core.api.SoftAssertions;

/**
 * What an attack test found, collected rather than thrown at the first failure: with the server under
 * attack one broken promise often hides the next, and the figures of a failing run are worth having.
 * {@link #assertAll()} at the end reports every failure at once.
 */
final class AttackOutcome {
    private final SoftAssertions soft = new SoftAssertions();
    private final ServerProcess server;

    AttackOutcome(ServerProcess server) {
        this.server = server;
    }

    SoftAssertions soft() {
        return soft;
    }

    /** Runs the legitimate client's check; returns its duration, or null after recording its failure. */
    Duration legitimateClient(String when, Callable<Duration> check) {
        try {
            return check.call();
        } catch (Throwable e) {
            soft.fail(when + ": a legitimate client could not join, publish and subscribe: " + e.getMessage()
                    + serverState());
            return null;
        }
    }

    /** {@link RunningCall#assertStillFlowing}, recorded instead of thrown. */
    boolean stillFlowing(String when, RunningCall call, Duration window) {
        try {
            call.assertStillFlowing(window, when);
            return true;
        } catch (Throwable e) {
            soft.fail(when + ": the running call stopped flowing: " + e.getMessage() + serverState());
            return false;
        }
    }

    /** The heap after a full GC, checked against the bound; -1 (and a failure) when it cannot be measured. */
    long heap(String when) {
        try {
            long used = AttackServer.heapAfterGc(server, when);
            soft.assertThat(used).as("%s: heap after a full GC (%s), bound %s (%s)", when, SecurityFigures.mb(used),
                    SecurityFigures.mb(AttackServer.HEAP_BOUND_BYTES), AttackServer.HEAP)
                    .isLessThan(AttackServer.HEAP_BOUND_BYTES);
            return used;
        } catch (Throwable e) {
            soft.fail(e.getMessage());
            return -1;
        }
    }

    /**
     * After an attack: a legitimate client must still get in, and the call must still flow.
     *
     * @return how long the client took, or null after recording its failure
     */
    Duration afterTheAttack(ServerProcess server, RunningCall call, ExecutorService dtls) {
        Duration legit = legitimateClient("after the attack",
                () -> LegitimateClient.check(server, call, dtls, Duration.ofSeconds(15)));
        stillFlowing("after the attack", call, Duration.ofSeconds(2));
        return legit;
    }

    /** The figures line for the heap before, during and after an attack (-1: not measured, or not taken). */
    static String heapFigures(long before, long during, long after) {
        return "before=" + mb(before) + (during == Long.MIN_VALUE ? "" : " during=" + mb(during)) + " after=" + mb(after)
                + " bound=" + SecurityFigures.mb(AttackServer.HEAP_BOUND_BYTES) + " (" + AttackServer.HEAP + ")";
    }

    private String serverState() {
        return server.isAlive() ? "" : "\n(the server process has exited; its log:\n" + Poll.tail(server.log(), 25) + ")";
    }

    void assertAll() {
        soft.assertAll();
    }

    static String ms(Duration d) {
        return d == null ? "FAILED" : d.toMillis() + "ms";
    }

    static String mb(long bytes) {
        return bytes < 0 ? "n/a" : SecurityFigures.mb(bytes);
    }
}
