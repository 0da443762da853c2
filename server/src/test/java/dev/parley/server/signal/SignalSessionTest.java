package dev.parley.server.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.auth.JoinAuthenticator;
import dev.parley.server.config.RoomLimits;
import dev.parley.server.config.ServerLimits;
import dev.parley.server.room.Rooms;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The session's threading and limits with hand-run executors: the SFU thread and the signaling executor
 * run only when a test says so, so ordering, queue bounds and races with a closing connection are exact.
 */
class SignalSessionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualExecutor sfuThread = new ManualExecutor();
    private final ManualExecutor offThread = new ManualExecutor();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger verified = new AtomicInteger();
    private final JoinAuthenticator allowAll = (app, user, sig, key, room) -> {
        verified.incrementAndGet();
        return JoinAuthenticator.Grant.ALL;
    };
    private final Rooms sfu = new Rooms(null, RoomLimits.DEFAULT); // joins and heartbeats touch no media

    static final class ManualExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    static final class RecordingOutbox implements SignalSession.Outbox {
        final List<JsonNode> frames = new ArrayList<>();
        CloseCode closed;
        boolean joined;

        @Override
        public void send(String json) {
            try {
                frames.add(JSON.readTree(json));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void close(CloseCode code, String why) {
            closed = code;
        }

        @Override
        public void joined() {
            joined = true;
        }

        @Override
        public InetAddress remoteAddress() {
            return InetAddress.getLoopbackAddress();
        }

        List<Long> responseIds() {
            return frames.stream().filter(f -> f.path("type").asText().equals("response"))
                    .map(f -> f.path("id").asLong()).toList();
        }
    }

    private static ServerLimits limits(int maxQueued, int perSecond, int joinsPerMinute) {
        ServerLimits d = ServerLimits.DEFAULT;
        return new ServerLimits(d.maxConnections(), d.maxConnectionsPerIp(), d.maxUnjoined(), d.maxUnjoinedPerIp(),
                d.headerTimeout(), d.idleTimeout(), d.joinTimeout(), d.maxPendingWriteBytes(), maxQueued, perSecond,
                joinsPerMinute, 30, 1, Duration.ZERO);
    }

    private SignalSession session(RecordingOutbox out, ServerLimits limits) {
        SignalContext ctx = new SignalContext(JSON, sfu, sfuThread, offThread, allowAll,
                new AddressLimiter(limits.joinsPerMinutePerIp(), limits.failedJoinsPerMinutePerIp(), nanos::get),
                limits, 2000, nanos::get);
        return new SignalSession(ctx, out);
    }

    private static String join(long id, String user) {
        return "{\"v\":1,\"id\":" + id + ",\"type\":\"join\",\"data\":{\"sdkAppId\":1400000001,\"userId\":\"" + user
                + "\",\"userSig\":\"sig\",\"roomId\":1234}}";
    }

    private static String heartbeat(long id) {
        return "{\"v\":1,\"id\":" + id + ",\"type\":\"heartbeat\"}";
    }

    @Test
    void responsesLeaveInRequestOrderWhileAJoinIsVerifiedOffThread() {
        RecordingOutbox out = new RecordingOutbox();
        SignalSession s = session(out, ServerLimits.DEFAULT);

        s.onFrame(join(1, "alice"));
        s.onFrame(heartbeat(2));
        sfuThread.runAll();
        assertThat(out.frames).isEmpty(); // the heartbeat waits behind the join

        offThread.runAll();
        sfuThread.runAll();
        assertThat(out.responseIds()).containsExactly(1L, 2L);
        assertThat(out.joined).isTrue();
        assertThat(sfu.roomCount()).isEqualTo(1);
    }

    @Test
    void anOutOfMemoryErrorInARequestGoesToTheProcesssFatalErrorHandler() {
        List<Throwable> reported = new ArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> reported.add(e));
        try {
            JoinAuthenticator outOfMemory = (app, user, sig, key, room) -> {
                throw new OutOfMemoryError("Java heap space");
            };
            ServerLimits limits = ServerLimits.DEFAULT;
            RecordingOutbox out = new RecordingOutbox();
            SignalSession s = new SignalSession(new SignalContext(JSON, sfu, sfuThread, offThread, outOfMemory,
                    new AddressLimiter(limits.joinsPerMinutePerIp(), limits.failedJoinsPerMinutePerIp(), nanos::get),
                    limits, 2000, nanos::get), out);

            s.onFrame(join(1, "alice"));
            offThread.runAll();
            sfuThread.runAll();

            assertThat(reported).singleElement().isInstanceOf(OutOfMemoryError.class);
            assertThat(out.responseIds()).containsExactly(1L); // answered as an internal error meanwhile
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void aConnectionThatClosesWhileItsJoinIsVerifiedNeverEntersTheRoom() {
        RecordingOutbox out = new RecordingOutbox();
        SignalSession s = session(out, ServerLimits.DEFAULT);

        s.onFrame(join(1, "alice"));
        s.onClosed("connection closed");
        sfuThread.runAll();
        offThread.runAll();
        sfuThread.runAll();

        assertThat(sfu.roomCount()).isZero();
        assertThat(out.joined).isFalse();
    }

    @Test
    void tooManyRequestsWaitingClosesTheConnectionWithPolicyViolation() {
        RecordingOutbox out = new RecordingOutbox();
        SignalSession s = session(out, limits(3, 50, 120));

        s.onFrame(join(1, "alice")); // stays in the signaling executor
        s.onFrame(heartbeat(2));
        s.onFrame(heartbeat(3));
        assertThat(out.closed).isNull();
        s.onFrame(heartbeat(4));

        assertThat(out.closed).isEqualTo(CloseCode.POLICY_VIOLATION);
        s.onFrame(heartbeat(5));
        offThread.runAll();
        sfuThread.runAll();
        assertThat(out.responseIds()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void joinsOverTheAddressBudgetAreRefusedBeforeAnyVerification() {
        ServerLimits oneJoinAMinute = limits(64, 50, 1);
        RecordingOutbox first = new RecordingOutbox();
        SignalContext shared = new SignalContext(JSON, sfu, sfuThread, offThread, allowAll,
                new AddressLimiter(1, 30, nanos::get), oneJoinAMinute, 2000, nanos::get);
        new SignalSession(shared, first).onFrame(join(1, "alice"));
        RecordingOutbox second = new RecordingOutbox();
        new SignalSession(shared, second).onFrame(join(1, "bob"));

        assertThat(offThread.tasks).hasSize(1); // only alice's join costs a verification
        JsonNode refused = second.frames.get(0).path("error");
        assertThat(refused.path("code").asInt()).isEqualTo(ErrorCode.JOIN_ROOM_FAILED.code());
        assertThat(refused.path("reason").asText()).isEqualTo("rate-limited");
        assertThat(refused.path("retryAfterSeconds").asLong()).isEqualTo(60);
        offThread.runAll();
        sfuThread.runAll();
        assertThat(verified).hasValue(1);
    }

    @Test
    void requestsPastTheRateAreRefusedAndAFloodIsDisconnected() {
        RecordingOutbox out = new RecordingOutbox();
        SignalSession s = session(out, limits(1000, 5, 120));

        for (int i = 1; i <= 10; i++) {
            s.onFrame(heartbeat(i));
        }
        s.onFrame(heartbeat(11));
        assertThat(out.frames).hasSize(1);
        assertThat(out.frames.get(0).path("error").path("reason").asText()).isEqualTo("rate-limited");
        sfuThread.runAll();
        assertThat(out.responseIds()).hasSize(11).endsWith(10L);

        for (int i = 12; i <= 30 && out.closed == null; i++) {
            s.onFrame(heartbeat(i));
        }
        assertThat(out.closed).isEqualTo(CloseCode.POLICY_VIOLATION);
    }

    @Test
    void onlyJoinHeartbeatAndLeaveAreAcceptedBeforeAJoin() {
        RecordingOutbox out = new RecordingOutbox();
        SignalSession s = session(out, ServerLimits.DEFAULT);

        s.onFrame("{\"v\":1,\"id\":1,\"type\":\"publish\",\"data\":{\"offer\":\"" + "x".repeat(30_000) + "\"}}");

        assertThat(offThread.tasks).isEmpty(); // no SDP parsed for a connection that is in no room
        assertThat(out.frames.get(0).path("error").path("message").asText()).isEqualTo("join a room first");
    }
}
