package dev.parley.server.signal;

import dev.parley.server.health.Readiness;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What signaling needs to let calls survive a dropped connection and a server drain (docs/PROTOCOL.md
 * "Reconnection"): the grace a detached participant is kept for, where its expiry is timed (the SFU thread's
 * loop, so the expiry runs on the SFU thread), whether joins are still taken, and this process's identity.
 *
 * @param reconnectGrace 0 ends a participant as soon as its connection drops
 * @param sfuTimers schedules on the SFU thread
 * @param serverId random per process: a client that finds another one knows the server restarted
 */
public record Continuity(Duration reconnectGrace, ScheduledExecutorService sfuTimers, Readiness readiness,
                         String serverId) {
    /** No reconnection grace (a dropped connection leaves at once), always ready: signaling on its own. */
    public static final Continuity NONE = new Continuity(Duration.ZERO, null, Readiness.standalone(), "standalone");
}
