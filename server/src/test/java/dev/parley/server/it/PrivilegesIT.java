package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.sfu.BrowserOffers;
import dev.parley.usersig.RoomId;
import dev.parley.usersig.RoomPrivilege;
import dev.parley.usersig.UserSig;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TRTC's PrivateMapKey privileges through the real server jar (started with the attack tests' small heap):
 * every bit, carried both ways TRTC pages carry it (inside the UserSig's user buffer, and as the
 * {@code privateMapKey} join option next to a plain UserSig). Each missing bit is refused with a coded
 * error naming it; with the bit, the same action works. After the whole matrix the server is alive and its
 * heap after a full GC is under the attack tests' bound.
 */
class PrivilegesIT {
    private static final int INVALID_OPERATION = SignalingFixture.INVALID_OPERATION;
    private static final int JOIN_ROOM_FAILED = SignalingFixture.JOIN_ROOM_FAILED;
    private static final java.util.concurrent.atomic.AtomicInteger ROOMS =
            new java.util.concurrent.atomic.AtomicInteger(7000);

    private static ServerProcess server;
    private final List<SignalClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = AttackServer.start("");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            try {
                AttackServer.assertUnderBound(AttackServer.heapAfterGc(server, "after the privilege matrix"),
                        "after the privilege matrix");
            } finally {
                server.close();
            }
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SignalClient::close);
    }

    private SignalClient connect(String name) throws Exception {
        SignalClient c = SignalClient.connect(server.httpPort(), name);
        clients.add(c);
        return c;
    }

    private static Map<String, Object> plainJoin(String userId, int room) {
        return RunningCall.join(ServerProcess.SDK_APP_ID, userId, ServerProcess.userSig(userId), room);
    }

    private SignalClient joined(String userId, int room) throws Exception {
        SignalClient c = connect(userId);
        c.ok("join", plainJoin(userId, room));
        return c;
    }

    private static Map<String, Object> publishData(String fixture) {
        return SignalingFixture.publishData(fixture);
    }

    private static String publish(SignalClient c, String fixture) throws Exception {
        return SignalingFixture.publish(c, fixture);
    }

    /** How the page presents the key. */
    enum Carrier { IN_USERSIG, JOIN_OPTION }

    private static Map<String, Object> joinWith(Carrier carrier, String userId, int room, long privileges,
                                                int keyRoom) {
        String key = UserSig.generatePrivateMapKey(ServerProcess.SDK_APP_ID, ServerProcess.SECRET_KEY, userId,
                600, RoomId.numeric(keyRoom), privileges);
        Map<String, Object> join = new HashMap<>(plainJoin(userId, room));
        if (carrier == Carrier.IN_USERSIG) {
            join.put("userSig", key);
        } else {
            join.put("privateMapKey", key);
        }
        return join;
    }

    private static long allBut(RoomPrivilege missing) {
        return RoomPrivilege.ALL & ~missing.bit();
    }

    private SignalClient joinWithout(Carrier carrier, String userId, int room, RoomPrivilege missing)
            throws Exception {
        SignalClient c = connect(userId);
        c.ok("join", joinWith(carrier, userId, room, allBut(missing), room));
        return c;
    }

    private static void assertRefusedFor(JsonNode error, int code, RoomPrivilege missing) {
        assertThat(error.path("code").asInt()).as("code of %s", error).isEqualTo(code);
        assertThat(error.path("privilege").asText()).as("privilege of %s", error).isEqualTo(missing.name());
        assertThat(error.path("message").asText()).contains(missing.name());
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void withoutEnterRoomTheJoinIsRefused(Carrier carrier) throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = connect("alice");

        JsonNode error = alice.fails("join", joinWith(carrier, "alice", room, allBut(RoomPrivilege.ENTER_ROOM), room));

        assertThat(error.path("code").asInt()).isEqualTo(JOIN_ROOM_FAILED);
        assertThat(error.path("message").asText()).contains("ENTER_ROOM");
        // The refused join created no room: a key without CREATE_ROOM still finds none to enter.
        assertRefusedFor(alice.fails("join", joinWith(carrier, "alice", room, allBut(RoomPrivilege.CREATE_ROOM), room)),
                JOIN_ROOM_FAILED, RoomPrivilege.CREATE_ROOM);
        alice.ok("join", joinWith(carrier, "alice", room, RoomPrivilege.ALL, room));
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void withoutCreateRoomOnlyAnExistingRoomCanBeEntered(Carrier carrier) throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = connect("alice");

        assertRefusedFor(alice.fails("join", joinWith(carrier, "alice", room, allBut(RoomPrivilege.CREATE_ROOM), room)),
                JOIN_ROOM_FAILED, RoomPrivilege.CREATE_ROOM);

        joined("bob", room);
        alice.ok("join", joinWith(carrier, "alice", room, allBut(RoomPrivilege.CREATE_ROOM), room));
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void aKeyForAnotherRoomDoesNotOpenThisOne(Carrier carrier) throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = connect("alice");

        JsonNode error = alice.fails("join", joinWith(carrier, "alice", room, RoomPrivilege.ALL, room + 1000));

        assertThat(error.path("code").asInt()).isEqualTo(JOIN_ROOM_FAILED);
        assertThat(error.path("message").asText()).contains("enter room " + room).contains("for room " + (room + 1000));
    }

    @ParameterizedTest
    @EnumSource(value = RoomPrivilege.class, names = {"SEND_AUDIO", "SEND_VIDEO"})
    void publishingNeedsItsSendPrivilege(RoomPrivilege missing) throws Exception {
        for (Carrier carrier : Carrier.values()) {
            int room = ROOMS.incrementAndGet();
            SignalClient alice = joinWithout(carrier, "alice", room, missing);

            assertRefusedFor(alice.fails("publish", publishData(BrowserOffers.CHROME)), INVALID_OPERATION, missing);
            alice.ok("heartbeat", Map.of());
            SignalClient bob = connect("bob");
            bob.ok("join", joinWith(carrier, "bob", room, RoomPrivilege.ALL, room));
            publish(bob, BrowserOffers.CHROME);
        }
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void screenSharingNeedsSendScreen(Carrier carrier) throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joinWithout(carrier, "alice", room, RoomPrivilege.SEND_SCREEN);
        publish(alice, BrowserOffers.CHROME); // the camera stream is allowed

        Map<String, Object> screen = new HashMap<>(publishData(BrowserOffers.CHROME));
        screen.put("type", "auxiliary");
        assertRefusedFor(alice.fails("publish", screen), INVALID_OPERATION, RoomPrivilege.SEND_SCREEN);
    }

    @ParameterizedTest
    @EnumSource(value = RoomPrivilege.class, names = {"RECEIVE_AUDIO", "RECEIVE_VIDEO"})
    void subscribingNeedsTheReceivePrivilegeOfWhatItAsksFor(RoomPrivilege missing) throws Exception {
        String withoutIt = missing == RoomPrivilege.RECEIVE_AUDIO ? "audio" : "video";
        for (Carrier carrier : Carrier.values()) {
            int room = ROOMS.incrementAndGet();
            SignalClient alice = joined("alice", room);
            String stream = publish(alice, BrowserOffers.CHROME);
            SignalClient bob = joinWithout(carrier, "bob", room, missing);
            assertThat(bob.awaitEvent("stream-added").path("stream").path("streamId").asText()).isEqualTo(stream);

            assertRefusedFor(bob.fails("subscribe", Map.of("streamId", stream)), INVALID_OPERATION, missing);
            JsonNode offer = bob.ok("subscribe", Map.of("streamId", stream, withoutIt, false));
            assertThat(offer.path("offer").asText()).startsWith("v=0");
        }
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void watchingAScreenShareNeedsReceiveScreen(Carrier carrier) throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        Map<String, Object> screen = new HashMap<>(publishData(BrowserOffers.CHROME));
        screen.put("type", "auxiliary");
        String stream = alice.ok("publish", screen).path("streamId").asText();
        SignalClient bob = joinWithout(carrier, "bob", room, RoomPrivilege.RECEIVE_SCREEN);

        assertRefusedFor(bob.fails("subscribe", Map.of("streamId", stream, "audio", false)), INVALID_OPERATION,
                RoomPrivilege.RECEIVE_SCREEN);
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void anEnterOnlyKeyAllowsNeitherSendingNorReceiving(Carrier carrier) throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        String stream = publish(alice, BrowserOffers.CHROME);
        SignalClient bob = connect("bob");
        bob.ok("join", joinWith(carrier, "bob", room, RoomPrivilege.mapOf(RoomPrivilege.ENTER_ROOM), room));

        assertRefusedFor(bob.fails("publish", publishData(BrowserOffers.CHROME)), INVALID_OPERATION,
                RoomPrivilege.SEND_AUDIO);
        assertRefusedFor(bob.fails("subscribe", Map.of("streamId", stream)), INVALID_OPERATION,
                RoomPrivilege.RECEIVE_AUDIO);
        assertRefusedFor(bob.fails("subscribe", Map.of("streamId", stream, "audio", false)), INVALID_OPERATION,
                RoomPrivilege.RECEIVE_VIDEO);
    }

    @Test
    void bothKeysMustAllowAnAction() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        String stream = publish(alice, BrowserOffers.CHROME);
        SignalClient bob = connect("bob");
        Map<String, Object> join = joinWith(Carrier.IN_USERSIG, "bob", room, allBut(RoomPrivilege.RECEIVE_VIDEO), room);
        join.put("privateMapKey", UserSig.generatePrivateMapKey(ServerProcess.SDK_APP_ID,
                ServerProcess.SECRET_KEY, "bob", 600, RoomId.numeric(room), allBut(RoomPrivilege.RECEIVE_AUDIO)));
        bob.ok("join", join);

        assertRefusedFor(bob.fails("subscribe", Map.of("streamId", stream, "audio", false)), INVALID_OPERATION,
                RoomPrivilege.RECEIVE_VIDEO);
        assertRefusedFor(bob.fails("subscribe", Map.of("streamId", stream, "video", false)), INVALID_OPERATION,
                RoomPrivilege.RECEIVE_AUDIO);
    }

    @Test
    void aJoinOptionKeyOfAnotherUserOrAPlainUserSigIsRefused() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient bob = connect("bob");
        Map<String, Object> join = new HashMap<>(plainJoin("bob", room));
        join.put("privateMapKey", UserSig.generatePrivateMapKey(ServerProcess.SDK_APP_ID,
                ServerProcess.SECRET_KEY, "carol", 600, RoomId.numeric(room), RoomPrivilege.ALL));
        JsonNode error = bob.fails("join", join);
        assertThat(error.path("code").asInt()).isEqualTo(JOIN_ROOM_FAILED);
        assertThat(error.path("message").asText()).startsWith("privateMapKey:");

        join.put("privateMapKey", ServerProcess.userSig("bob"));
        assertThat(bob.fails("join", join).path("message").asText()).contains("carries no room privileges");
    }
}
