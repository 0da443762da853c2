package dev.parley.server.signal;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.parley.server.health.ReceiveBufferWatch;
import dev.parley.server.room.Participant;
import dev.parley.server.room.RoomEvent;
import dev.parley.server.room.RoomException;
import dev.parley.server.room.PeerEvents;
import dev.parley.server.room.PeerEvents.Removal;
import dev.parley.server.room.Rooms;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's signaling conversation (docs/PROTOCOL.md). A frame is read strictly and rate-limited on the
 * connection's I/O thread; its costly part (UserSig verification, SDP parsing) runs on the signaling
 * executor; the call on the {@link Rooms} runs on the SFU thread, which owns {@link #participant}. Requests of
 * one connection complete in the order they arrived, and at most {@code limits.maxQueuedRequests} wait.
 *
 * <p>The session keeps what its requests share — admission, the request queue, the participant, the detach on
 * close — so those fields change in one class and on the threads named here; what one request does is
 * elsewhere: {@link Joins} (join, resume, a new PrivateMapKey), {@link SdpRequests}, {@link IceRestarts},
 * {@link Requests}; the frames it sends are {@link FrameWriter}'s.
 */
public final class SignalSession implements PeerEvents {
    private static final Logger log = LoggerFactory.getLogger(SignalSession.class);
    public static final int PROTOCOL_VERSION = 1;
    public static final int MAX_FRAME_CHARS = 64 * 1024;

    /**
     * The connection as the session sees it. Thread-safe (Netty queues writes onto the channel's loop).
     * {@link #send} never queues without bound: a peer that stops reading is disconnected instead.
     */
    public interface Outbox {
        void send(String json);

        /** Sends a close frame with {@code code} and closes the connection. */
        void close(CloseCode code, String why);

        /** The session joined a room: from now on this is a participant's connection, not an anonymous one. */
        void joined();

        /** The client's address, for per-address limits. */
        InetAddress remoteAddress();
    }

    /** The off-thread part of a request: reads and checks its data, may take time, touches no SFU state. */
    private interface Prepare<P> {
        P run(RequestFrame req) throws SignalException, RoomException;
    }

    /** The SFU-thread part: one call on the SFU; returns the response's data. */
    private interface Apply<P> {
        Object run(RequestFrame req, P prepared) throws SignalException, RoomException;
    }

    private final SignalContext ctx;
    private final Rooms sfu;
    private final Outbox outbox;
    private final FrameWriter frames;
    private final Joins joins;
    private final ObjectReader reader;
    private final RequestRate rate;
    private final AtomicInteger queued = new AtomicInteger();
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null); // I/O thread only
    /** A join was accepted for processing and has not failed: requests that need a room may follow it. */
    private volatile boolean joining;
    /** The room joined, for messages on the I/O thread; set once the join succeeded. */
    private volatile String joinedRoom;
    private volatile boolean ended;
    /** The accepted join (mode, and the UserSig a new PrivateMapKey is checked with); set once it succeeded. */
    private volatile JoinRequest joined;
    private Participant participant; // SFU thread only
    private boolean closed;          // SFU thread only

    public SignalSession(SignalContext ctx, Outbox outbox) {
        this.ctx = ctx;
        this.sfu = ctx.sfu();
        this.outbox = outbox;
        this.frames = new FrameWriter(ctx.json(), outbox);
        this.joins = new Joins(ctx, outbox);
        this.reader = ctx.requestReader();
        this.rate = new RequestRate(ctx.limits().requestsPerSecond(), ctx.nanos());
    }

    /** A text frame arrived (the connection's I/O thread, one frame at a time). */
    public void onFrame(String text) {
        if (ended) {
            return;
        }
        switch (rate.admit()) {
            case ADMITTED -> { }
            case REFUSED -> {
                ctx.listener().limitHit("requestsPerSecond");
                frames.respondError(0, ErrorCode.INVALID_OPERATION, "too many requests: at most "
                        + ctx.limits().requestsPerSecond() + " a second on one connection",
                        Map.of("reason", "rate-limited"));
                return;
            }
            case ABUSIVE -> {
                ctx.listener().limitHit("requestsPerSecond");
                disconnect(CloseCode.POLICY_VIOLATION, "requests far above the rate limit");
                return;
            }
        }
        if (text.length() > MAX_FRAME_CHARS) {
            frames.respondError(0, ErrorCode.INVALID_PARAMETER,
                    "frame of " + text.length() + " characters exceeds the limit of " + MAX_FRAME_CHARS, Map.of());
            return;
        }
        RequestFrame req;
        try {
            req = RequestFrame.parse(reader, text);
        } catch (RequestFrame.Malformed e) {
            frames.respondError(e.id, ErrorCode.INVALID_PARAMETER, e.getMessage(), Map.of());
            return;
        }
        if (!admit(req)) {
            return;
        }
        if (queued.incrementAndGet() > ctx.limits().maxQueuedRequests()) {
            ctx.listener().limitHit("maxQueuedRequests");
            disconnect(CloseCode.POLICY_VIOLATION, "more than " + ctx.limits().maxQueuedRequests()
                    + " requests waiting for their responses");
            return;
        }
        tail = tail.thenCompose(v -> dispatch(req)).whenComplete((v, e) -> queued.decrementAndGet());
    }

    /** Cheap refusals on the I/O thread, before a request costs the executor or the SFU anything. */
    private boolean admit(RequestFrame req) {
        if (!Requests.TYPES.contains(req.type())) {
            frames.respondError(req.id(), ErrorCode.INVALID_PARAMETER, "unknown request type '"
                    + Fields.clip(req.type()) + "'", Map.of());
            return false;
        }
        if (req.type().equals("join") || req.type().equals("resume")) {
            if (req.type().equals("join") && ctx.continuity().readiness().isDraining()) {
                // A drain refuses new calls; a resume keeps a call that is already here going.
                frames.respondError(req.id(), ErrorCode.JOIN_ROOM_FAILED, "the server is shutting down (draining) and"
                        + " takes no new joins; retry in a moment or on another node", Map.of("reason", "draining"));
                return false;
            }
            if (req.type().equals("join") && ctx.continuity().readiness().isOverloaded()) {
                // The media plane drops packets already: one more call would cost every call here, and its
                // own DTLS handshake would time out behind the busy loop. A resume keeps a call going.
                ctx.listener().limitHit("mediaOverloaded");
                frames.respondError(req.id(), ErrorCode.JOIN_ROOM_FAILED, "the server's media plane is overloaded"
                        + " (it is dropping packets) and takes no new joins; retry in a moment or on another node",
                        Map.of("reason", "overloaded", "retryAfterSeconds", ReceiveBufferWatch.HOLD_SECONDS));
                return false;
            }
            if (joining) {
                String room = joinedRoom;
                frames.respondError(req.id(), ErrorCode.INVALID_OPERATION, room == null
                        ? "a join is already in progress" : "already joined room " + room + "; leave it first",
                        Map.of());
                return false;
            }
            AddressLimiter.Admission a = ctx.addresses().admitJoin(outbox.remoteAddress());
            if (!a.admitted()) {
                ctx.listener().limitHit("joinsPerMinutePerIp");
                frames.respondError(req.id(), ErrorCode.JOIN_ROOM_FAILED, a.refusal() + "; retry in "
                        + a.retryAfterSeconds() + " s", Map.of("reason", "rate-limited",
                        "retryAfterSeconds", a.retryAfterSeconds()));
                return false;
            }
            joining = true;
            return true;
        }
        if (!joining && !req.type().equals("heartbeat") && !req.type().equals("leave")) {
            frames.respondError(req.id(), ErrorCode.INVALID_OPERATION, "join a room first", Map.of());
            return false;
        }
        return true;
    }

    private CompletableFuture<Void> dispatch(RequestFrame req) {
        return switch (req.type()) {
            case "join" -> run(req, joins::prepare, this::join);
            case "resume" -> run(req, null, this::resume);
            case "restart-ice" -> run(req, IceRestarts::prepare, (r, p) -> IceRestarts.apply(sfu, participant, p));
            case "publish" -> run(req, SdpRequests::preparePublish,
                    (r, p) -> SdpRequests.published(sfu.publish(participant, p)));
            case "republish" -> run(req, SdpRequests::preparePublish,
                    (r, p) -> SdpRequests.published(sfu.republish(participant, p)));
            case "downlink-answer" -> run(req, SdpRequests::prepareAnswer, (r, answer) -> {
                sfu.downlinkAnswer(participant, answer);
                return Map.of();
            });
            case "switch-role" -> run(req, null, (r, none) -> {
                JoinRequest j = joined;
                if (j == null || !j.mode().equals("live")) {
                    throw new SignalException(ErrorCode.INVALID_OPERATION,
                            "roles exist only in mode 'live'; this client joined in mode '"
                                    + (j == null ? "?" : j.mode()) + "'");
                }
                sfu.switchRole(participant, Fields.role(r.data()));
                return Map.of();
            });
            case "update-private-map-key" -> run(req, r -> joins.prepareGrantUpdate(joined, r), (r, grant) -> {
                sfu.updateGrant(participant, grant);
                return Map.of();
            });
            case "leave" -> run(req, null, (r, none) -> {
                if (participant != null) {
                    sfu.leave(participant, "leave");
                    participant = null;
                }
                return Map.of();
            });
            default -> run(req, null, (r, none) -> Requests.handle(sfu, participant, r));
        };
    }

    /**
     * Runs {@code prepare} on the signaling executor (when given), then {@code apply} on the SFU thread, then
     * responds. The returned future always completes normally, so one failure never stalls the queue.
     */
    private <P> CompletableFuture<Void> run(RequestFrame req, Prepare<P> prepare, Apply<P> apply) {
        long start = ctx.nanos().getAsLong();
        CompletableFuture<P> prepared;
        try {
            prepared = prepare == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.supplyAsync(() -> {
                        try {
                            return prepare.run(req);
                        } catch (SignalException e) {
                            throw new CompletionException(e);
                        } catch (RoomException e) {
                            throw new CompletionException(SignalException.of(e));
                        }
                    }, ctx.offThread());
            return prepared.thenAcceptAsync(p -> applyOnSfuThread(req, apply, p, start), ctx.sfuThread())
                    .exceptionally(e -> {
                        fail(req, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e, start);
                        return null;
                    });
        } catch (RejectedExecutionException e) {
            fail(req, e, start);
            return CompletableFuture.completedFuture(null);
        }
    }

    private <P> void applyOnSfuThread(RequestFrame req, Apply<P> apply, P prepared, long start) {
        if (closed) {
            return;
        }
        boolean remembered = participant != null && Requests.REMEMBERED.contains(req.type());
        if (remembered) {
            java.util.Optional<String> earlier = participant.replies().replyTo(req.id());
            if (earlier.isPresent()) {
                // Sent again after a resume (docs/PROTOCOL.md "Resume"): it was applied; answer as then.
                outbox.send(earlier.get());
                ctx.listener().answered(req.type(), "ok", ctx.nanos().getAsLong() - start);
                return;
            }
        }
        JoinRequest who = prepared instanceof Joins.Prepared j ? j.request() : joined;
        try (LogContext context = who == null ? null : LogContext.of(who.sdkAppId(), who.roomId(), who.userId())) {
            String reply = frames.respond(req.id(), apply.run(req, prepared));
            if (remembered && participant != null) {
                participant.replies().remember(req.id(), reply);
            }
            ctx.listener().answered(req.type(), "ok", ctx.nanos().getAsLong() - start);
            switch (req.type()) {
                case "join" -> {
                    outbox.joined();
                    if (!Joins.roomStateInResponse(req)) {
                        sfu.announceRoomTo(participant);
                    }
                }
                case "resume" -> outbox.joined();
                case "leave" -> {
                    closed = true;
                    ended = true;
                    outbox.close(CloseCode.NORMAL, "leave");
                }
                default -> { }
            }
        } catch (SignalException e) {
            fail(req, e, start);
        } catch (RoomException e) {
            fail(req, SignalException.of(e), start);
        } catch (RuntimeException e) {
            ctx.listener().answered(req.type(), ErrorCode.SERVER_ERROR.name(), ctx.nanos().getAsLong() - start);
            log.error("request {} '{}' of {} failed", req.id(), req.type(), participant, e);
            frames.respondError(req.id(), ErrorCode.SERVER_ERROR, "internal error handling '" + req.type() + "': " + e,
                    Map.of());
        }
    }

    private void fail(RequestFrame req, Throwable e, long start) {
        if (req.type().equals("join") || req.type().equals("resume")) {
            joining = false;
        }
        ctx.listener().answered(req.type(), e instanceof SignalException s ? s.code().name()
                : ErrorCode.SERVER_ERROR.name(), ctx.nanos().getAsLong() - start);
        if (e instanceof SignalException s) {
            frames.respondError(req.id(), s.code(), s.getMessage(), s.details());
        } else if (e instanceof RejectedExecutionException) {
            frames.respondError(req.id(), ErrorCode.SERVER_ERROR, "the server is busy; retry in a moment",
                    Map.of("reason", "busy"));
        } else {
            if (e instanceof VirtualMachineError) {
                // Not a failed request: a broken JVM. The futures that ran it caught the error, so hand it to
                // the process's fatal-error policy (Main installs FatalErrorMonitor as the default handler).
                Thread.UncaughtExceptionHandler fatal = Thread.getDefaultUncaughtExceptionHandler();
                if (fatal != null) {
                    fatal.uncaughtException(Thread.currentThread(), e);
                }
            }
            log.error("request {} '{}' failed", req.id(), req.type(), e);
            frames.respondError(req.id(), ErrorCode.SERVER_ERROR, "internal error handling '" + req.type() + "': " + e,
                    Map.of());
        }
    }

    private Object join(RequestFrame req, Joins.Prepared prepared) throws RoomException {
        JoinRequest join = prepared.request();
        participant = sfu.join(join.roomKey(), join.userId(), join.role(), prepared.grant(), this);
        joined = join;
        participant.signalingContext(join);
        joinedRoom = join.roomId().toString();
        return joins.joinResponse(req, join, participant);
    }

    /**
     * A new connection of a client whose connection dropped takes its participant over (docs/PROTOCOL.md
     * "Resume"); the response carries the room as it is now.
     */
    private Object resume(RequestFrame req, Void none) throws SignalException, RoomException {
        participant = joins.resume(req, this);
        joinedRoom = participant.room().id().toString();
        joined = (JoinRequest) participant.signalingContext();
        return joins.resumeResponse(participant);
    }

    /** The WebSocket closed or went silent (I/O thread): the client may come back, so keep its participant. */
    public void onClosed(String why) {
        onClosed(why, false);
    }

    /**
     * The WebSocket closed or went silent (I/O thread). {@code goodbye}: the client closed it on purpose (its
     * close frame said 1000 or 1001, e.g. the page was closed): it is not coming back. Otherwise the
     * participant stays, detached, for the reconnection grace (docs/PROTOCOL.md "Reconnection").
     */
    public void onClosed(String why, boolean goodbye) {
        ended = true;
        ctx.sfuThread().execute(() -> {
            closed = true;
            Participant p = participant;
            participant = null;
            if (p == null || p.left()) {
                return;
            }
            JoinRequest who = joined;
            try (LogContext context = who == null ? null : LogContext.of(who.sdkAppId(), who.roomId(),
                    who.userId())) {
                java.time.Duration grace = ctx.continuity().reconnectGrace();
                if (goodbye || grace.isZero()) {
                    sfu.leave(p, why);
                    return;
                }
                long attachment = sfu.detach(p, why);
                ctx.continuity().sfuTimers().schedule(() -> sfu.expireDetached(p, attachment),
                        grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        });
    }

    /** SFU thread: the client resumed on another connection; this one is done, the participant is not. */
    @Override
    public void superseded() {
        closed = true;
        ended = true;
        participant = null;
        outbox.close(CloseCode.SUPERSEDED, "resumed on a newer connection");
    }

    private void disconnect(CloseCode code, String why) {
        if (!ended) {
            ended = true;
            log.info("signaling connection from {} closed: {}", outbox.remoteAddress(), why);
            outbox.close(code, why);
        }
    }

    @Override
    public void on(RoomEvent event) {
        EventFrames.Frame f = EventFrames.of(event);
        frames.event(f.name(), f.data());
    }

    @Override
    public void banned(Removal removal, String message) {
        frames.event("client-banned", Map.of("reason", removal.trtcReason(), "message", message));
        closed = true;
        ended = true;
        participant = null;
        CloseCode code = switch (removal) {
            case REPLACED -> CloseCode.REPLACED;
            case KICKED -> CloseCode.KICKED;
            case ROOM_DISMISSED -> CloseCode.ROOM_DISMISSED;
        };
        outbox.close(code, "banned: " + removal.trtcReason());
    }
}
