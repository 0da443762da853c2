package dev.parley.server.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.config.AppCallback;
import dev.parley.server.room.Participant;
import dev.parley.server.room.RoomKey;
import dev.parley.server.room.RoomObserver;
import dev.parley.usersig.RoomId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns room changes into TRTC's room and media callbacks (docs/OPERATIONS.md, "Webhooks") and hands each to
 * its app's {@link CallbackQueue}. Called on the SFU thread: it builds a small record and queues it, nothing
 * more; apps without a callback URL cost a map lookup.
 */
public final class WebhookDispatcher implements RoomObserver, AutoCloseable {
    /** Events one app may have waiting (about 300 bytes each). */
    public static final int QUEUE_CAPACITY = 10_000;
    /** How long a shutdown waits for queued events to be sent. */
    public static final java.time.Duration DRAIN_TIME = java.time.Duration.ofSeconds(3);
    /** TRTC's 104 {@code Reason}: 1 a normal exit, 2 a timeout (connection lost), 3 removed from the room. */
    private static final int EXIT_NORMAL = 1;
    private static final int EXIT_TIMEOUT = 2;
    private static final int EXIT_REMOVED = 3;

    private final Map<Long, CallbackQueue> queues = new HashMap<>();
    private final CallbackQueue.WebhookCounters counters = new CallbackQueue.WebhookCounters();
    /** Unique per event of this process: lets a receiver drop the duplicates at-least-once delivery may bring. */
    private final AtomicLong uniqueIds = new AtomicLong(System.currentTimeMillis() * 1000);

    public WebhookDispatcher(Map<Long, AppCallback> callbacks, ObjectMapper json) {
        callbacks.forEach((app, target) -> queues.put(app, new CallbackQueue(app, target, QUEUE_CAPACITY, json,
                counters)));
    }

    public boolean isEmpty() {
        return queues.isEmpty();
    }

    @Override
    public void roomCreated(RoomKey room, String byUserId) {
        send(room, CallbackEvent.GROUP_ROOM, CallbackEvent.CREATE_ROOM, byUserId, null);
    }

    @Override
    public void roomDismissed(RoomKey room) {
        send(room, CallbackEvent.GROUP_ROOM, CallbackEvent.DISMISS_ROOM, null, null);
    }

    @Override
    public void entered(RoomKey room, String userId, Participant.Role role) {
        send(room, CallbackEvent.GROUP_ROOM, CallbackEvent.ENTER_ROOM, userId,
                Map.of("Role", role.trtcCode(), "Reason", 1));
    }

    @Override
    public void exited(RoomKey room, String userId, Participant.Role role, ExitReason reason) {
        int trtcReason = switch (reason) {
            case LEFT -> EXIT_NORMAL;
            case CONNECTION_LOST -> EXIT_TIMEOUT;
            case REPLACED, KICKED, ROOM_DISMISSED -> EXIT_REMOVED;
        };
        send(room, CallbackEvent.GROUP_ROOM, CallbackEvent.EXIT_ROOM, userId,
                Map.of("Role", role.trtcCode(), "Reason", trtcReason));
    }

    @Override
    public void roleChanged(RoomKey room, String userId, Participant.Role role) {
        send(room, CallbackEvent.GROUP_ROOM, CallbackEvent.CHANGE_ROLE, userId, Map.of("Role", role.trtcCode()));
    }

    @Override
    public void mediaStarted(RoomKey room, String userId, MediaKind kind) {
        send(room, CallbackEvent.GROUP_MEDIA, switch (kind) {
            case VIDEO -> CallbackEvent.START_VIDEO;
            case AUDIO -> CallbackEvent.START_AUDIO;
            case AUX_VIDEO -> CallbackEvent.START_ASSIT;
        }, userId, null);
    }

    @Override
    public void mediaStopped(RoomKey room, String userId, MediaKind kind) {
        send(room, CallbackEvent.GROUP_MEDIA, switch (kind) {
            case VIDEO -> CallbackEvent.STOP_VIDEO;
            case AUDIO -> CallbackEvent.STOP_AUDIO;
            case AUX_VIDEO -> CallbackEvent.STOP_ASSIT;
        }, userId, null);
    }

    private void send(RoomKey room, int group, int type, String userId, Map<String, Object> more) {
        CallbackQueue queue = queues.get(room.sdkAppId());
        if (queue == null) {
            return;
        }
        long now = System.currentTimeMillis();
        Map<String, Object> info = new LinkedHashMap<>();
        RoomId id = room.roomId();
        info.put("RoomId", id instanceof RoomId.Numeric n ? (Object) n.value() : ((RoomId.Text) id).value());
        info.put("EventTs", now / 1000);
        info.put("EventMsTs", now);
        if (userId != null) {
            info.put("UserId", userId);
        }
        info.put("UniqueId", uniqueIds.incrementAndGet());
        if (more != null) {
            info.putAll(more);
        }
        queue.offer(new CallbackEvent(group, type, info));
    }

    public long delivered() {
        return counters.delivered.sum();
    }

    public long failedAttempts() {
        return counters.failedAttempts.sum();
    }

    /** Events dropped: refused by a full queue, or still failing after {@link CallbackQueue#GIVE_UP_AFTER}. */
    public long dropped() {
        return counters.dropped.sum() + counters.givenUp.sum();
    }

    /** Events waiting or being delivered, over all apps. */
    public long queued() {
        return counters.queued.sum();
    }

    /**
     * At shutdown, after the rooms have emptied: each app's sender gets up to {@link #DRAIN_TIME} to send what is
     * queued (the exits and dismissals of the shutdown among it), then stops.
     */
    @Override
    public void close() {
        queues.values().forEach(CallbackQueue::drain);
        long deadline = System.nanoTime() + DRAIN_TIME.toNanos();
        queues.values().forEach(q -> q.awaitDrained(deadline));
    }
}
