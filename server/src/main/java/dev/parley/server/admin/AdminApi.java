package dev.parley.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.http.ApiEndpoint;
import dev.parley.server.room.RoomAdmin;
import dev.parley.server.room.RoomKey;
import dev.parley.server.room.RoomView;
import dev.parley.server.room.StreamInfo;
import dev.parley.server.signal.LogContext;
import dev.parley.usersig.RoomId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin REST API under {@code /api/v1/} (docs/OPERATIONS.md): {@code POST /api/v1/<Action>} with a JSON
 * body, shaped like TRTC's server API (RemoveUser, RemoveUserByStrRoomId, DismissRoom, DismissRoomByStrRoomId)
 * and answered in Tencent Cloud API 3.0's envelope ({@code {"Response": {..., "RequestId"}}}, errors as
 * {@code {"Response": {"Error": {"Code", "Message"}, "RequestId"}}}) with a matching HTTP status. The body is
 * read and the caller authenticated on the connection's event loop (an HMAC, no I/O); the room operation runs
 * on the SFU thread.
 */
public final class AdminApi implements ApiEndpoint {
    public static final String PREFIX = "/api/v1/";
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

    /** The actions and the parameters each takes. */
    private enum Action {
        RemoveUser(Set.of("SdkAppId", "RoomId", "UserIds")),
        RemoveUserByStrRoomId(Set.of("SdkAppId", "RoomId", "UserIds")),
        DismissRoom(Set.of("SdkAppId", "RoomId")),
        DismissRoomByStrRoomId(Set.of("SdkAppId", "RoomId")),
        DescribeRooms(Set.of("SdkAppId")),
        DescribeRoom(Set.of("SdkAppId", "RoomId"));

        final Set<String> parameters;

        Action(Set<String> parameters) {
            this.parameters = parameters;
        }

        static Action of(String name) {
            for (Action a : values()) {
                if (a.name().equals(name)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** What the SFU thread does for one request; returns the response's fields. */
    private interface Operation {
        Map<String, Object> run() throws AdminError;
    }

    private final ObjectMapper json;
    private final AdminAuthenticator auth;
    private final RoomAdmin rooms;
    private final Executor sfuThread;

    public AdminApi(ObjectMapper json, AdminAuthenticator auth, RoomAdmin rooms, Executor sfuThread) {
        this.json = json;
        this.auth = auth;
        this.rooms = rooms;
        this.sfuThread = sfuThread;
    }

    @Override
    public CompletableFuture<Response> handle(Request request) {
        String requestId = UUID.randomUUID().toString();
        try {
            Action action = Action.of(request.path().substring(PREFIX.length()));
            if (action == null) {
                throw new AdminError(404, AdminError.INVALID_ACTION, "no action '" + clip(request.path())
                        + "'; the actions are " + List.of(Action.values()));
            }
            if (!request.method().equals("POST")) {
                throw new AdminError(405, AdminError.UNSUPPORTED_OPERATION,
                        "use POST with a JSON body for " + action);
            }
            AdminRequest body = AdminRequest.parse(json, request.body(), action.parameters);
            long sdkAppId = body.sdkAppId();
            auth.check(sdkAppId, request.headers().get("Authorization"));
            Operation op = operation(action, body, sdkAppId);
            Object roomId = body.roomIdForLogs();
            return CompletableFuture.supplyAsync(() -> {
                try (LogContext context = LogContext.of(sdkAppId, roomId, null)) {
                    return ok(requestId, op.run());
                } catch (AdminError e) {
                    return error(requestId, e);
                }
            }, sfuThread).exceptionally(e -> error(requestId, new AdminError(503, AdminError.INTERNAL_ERROR,
                    "the server could not run the request: " + e)))
                    .whenComplete((r, e) -> log.info("admin {} for app {} from {}: {}", action, sdkAppId,
                            request.remote() == null ? "?" : request.remote().getAddress().getHostAddress(),
                            r == null ? e : r.status()));
        } catch (AdminError e) {
            log.info("admin request {} refused: {} {}", clip(request.path()), e.code(), e.getMessage());
            return CompletableFuture.completedFuture(error(requestId, e));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(error(requestId, new AdminError(503, AdminError.INTERNAL_ERROR,
                    "the server is shutting down")));
        }
    }

    /** Reads the action's parameters now (so that a bad one is refused before any work) into the SFU-thread part. */
    private Operation operation(Action action, AdminRequest body, long sdkAppId) throws AdminError {
        return switch (action) {
            case RemoveUser, RemoveUserByStrRoomId -> {
                RoomKey key = new RoomKey(sdkAppId, action == Action.RemoveUser ? body.numericRoomId()
                        : body.stringRoomId());
                List<String> userIds = body.userIds();
                yield () -> {
                    requireRoom(key);
                    return Map.of("RemovedUserIds", rooms.removeUsers(key, userIds));
                };
            }
            case DismissRoom, DismissRoomByStrRoomId -> {
                RoomKey key = new RoomKey(sdkAppId, action == Action.DismissRoom ? body.numericRoomId()
                        : body.stringRoomId());
                yield () -> {
                    requireRoom(key);
                    return Map.of("RemovedUserIds", rooms.dismiss(key));
                };
            }
            case DescribeRooms -> () -> {
                List<RoomView> list = rooms.list(sdkAppId);
                return Map.of("Total", list.size(), "RoomList", list.stream().map(AdminApi::summary).toList());
            };
            case DescribeRoom -> {
                RoomKey key = new RoomKey(sdkAppId, body.anyRoomId());
                yield () -> describe(rooms.describe(key).orElseThrow(() -> roomNotExist(key)));
            }
        };
    }

    private void requireRoom(RoomKey key) throws AdminError {
        if (rooms.describe(key).isEmpty()) {
            throw roomNotExist(key);
        }
    }

    private static AdminError roomNotExist(RoomKey key) {
        return new AdminError(404, AdminError.ROOM_NOT_EXIST, "room " + key.roomId() + " of app " + key.sdkAppId()
                + " does not exist (nobody is in it)");
    }

    private static Map<String, Object> summary(RoomView r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("RoomId", roomIdJson(r.roomId()));
        m.put("CreateTime", r.createdAtMillis() / 1000);
        m.put("UserCount", r.users().size());
        m.put("StreamCount", r.streams().size());
        return m;
    }

    private static Map<String, Object> describe(RoomView r) {
        Map<String, Object> m = new LinkedHashMap<>(summary(r));
        m.put("Users", r.users().stream().map(u -> Map.of("UserId", u.userId(),
                "Role", u.role().trtcCode(), "JoinTime", u.joinedAtMillis() / 1000)).toList());
        m.put("Streams", r.streams().stream().map(AdminApi::stream).toList());
        return m;
    }

    private static Map<String, Object> stream(StreamInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("StreamId", s.streamId());
        m.put("UserId", s.userId());
        m.put("StreamType", s.type());
        m.put("HasAudio", s.hasAudio());
        m.put("HasVideo", s.hasVideo());
        m.put("AudioMuted", s.audioMuted());
        m.put("VideoMuted", s.videoMuted());
        m.put("HasSmallVideo", s.hasSmall());
        return m;
    }

    /** A numeric room id as a JSON number, a string one as a string (as TRTC writes them). */
    public static Object roomIdJson(RoomId id) {
        return id instanceof RoomId.Numeric n ? (Object) n.value() : ((RoomId.Text) id).value();
    }

    private Response ok(String requestId, Map<String, Object> fields) {
        Map<String, Object> response = new LinkedHashMap<>(fields);
        response.put("RequestId", requestId);
        return json(200, Map.of("Response", response));
    }

    private Response error(String requestId, AdminError e) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Error", Map.of("Code", e.code(), "Message", e.getMessage()));
        response.put("RequestId", requestId);
        return json(e.status(), Map.of("Response", response));
    }

    private Response json(int status, Object body) {
        try {
            return new Response(status, "application/json", json.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write an admin response", e);
        }
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
