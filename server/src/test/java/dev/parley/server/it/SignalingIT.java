package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.sfu.BrowserOffers;
import dev.parley.usersig.RoomId;
import dev.parley.usersig.UserSig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/PROTOCOL.md's validation and ordering rules over real WebSockets against the real server: malformed
 * frames, bad fields, requests out of order, room limits, UserSig refusals. After every refused request
 * the same connection keeps working and the room goes on.
 */
class SignalingIT extends SignalingFixture {

    @Test
    void subscribingToNoTrackAtAllIsAnsweredWithoutAServerError() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        String stream = publish(alice, BrowserOffers.CHROME);
        SignalClient bob = joined("bob", room);

        String offer = bob.ok("subscribe", Map.of("streamId", stream, "audio", false, "video", false))
                .path("offer").asText();
        assertThat(SessionDescription.parse(offer).media()).isEmpty();
        bob.ok("downlink-answer", Map.of("answer", DownlinkAnswers.answer(offer)));

        offer = bob.ok("subscribe", Map.of("streamId", stream, "audio", true, "video", true)).path("offer").asText();
        assertThat(SessionDescription.parse(offer).media()).hasSize(2);
        bob.ok("downlink-answer", Map.of("answer", DownlinkAnswers.answer(offer)));
    }

    @Test
    void downlinkAnswerWithTheWrongNumberOfSectionsIsInvalid() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        String stream = publish(alice, BrowserOffers.CHROME);
        SignalClient bob = joined("bob", room);
        String offer = bob.ok("subscribe", Map.of("streamId", stream)).path("offer").asText();
        String oneSection = offer.substring(0, offer.indexOf("m=video"));

        assertError(bob.fails("downlink-answer", Map.of("answer", DownlinkAnswers.answer(oneSection))),
                INVALID_PARAMETER, "INVALID_PARAMETER", "sections");
        assertError(bob.fails("downlink-answer", Map.of("answer", "v=0 nonsense")),
                INVALID_PARAMETER, "INVALID_PARAMETER", "downlink answer is not valid SDP");
        bob.ok("downlink-answer", Map.of("answer", DownlinkAnswers.answer(offer)));
    }

    // --- limits -------------------------------------------------------------------------------------

    @Test
    void aFullRoomRefusesTheNextUserAndTheConnectionStaysUsable() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient a = joined("a", room);
        joined("b", room);
        joined("c", room);
        a.drainEvents();
        SignalClient d = connect("d");

        assertError(d.fails("join", InProcessServer.join("d", room)), JOIN_ROOM_FAILED, "JOIN_ROOM_FAILED",
                "is full (3 users)");

        d.ok("heartbeat", Map.of());
        assertThat(a.drainEventNames()).isEmpty();
        d.ok("join", InProcessServer.join("d", ROOMS.incrementAndGet()));
    }

    @Test
    void theThirdPublisherIsRefused() throws Exception {
        int room = ROOMS.incrementAndGet();
        publish(joined("a", room), BrowserOffers.CHROME);
        publish(joined("b", room), BrowserOffers.FIREFOX);
        SignalClient c = joined("c", room);

        assertError(c.fails("publish", publishData(BrowserOffers.SAFARI)), INVALID_OPERATION, "INVALID_OPERATION",
                "already has 2 publishers");
        c.ok("heartbeat", Map.of());
    }

    // --- UserSig refusals ---------------------------------------------------------------------------

    @Test
    void badUserSigsAreRefusedWithTheReasonButNeverTheKeyOrTheSig() throws Exception {
        long app = InProcessServer.SDK_APP_ID;
        String key = InProcessServer.SECRET_KEY;
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), Clock.systemUTC().getZone());
        Map<String, String> sigs = new HashMap<>();
        sigs.put("expired", UserSig.generate(app, key, "mallory", 60, twoHoursAgo));
        sigs.put("signature does not match", UserSig.generate(app, "another-secret-key-0000000000000000", "mallory",
                3600));
        sigs.put("issued for userId", UserSig.generate(app, key, "someone-else", 3600));
        sigs.put("issued for sdkAppId", UserSig.generate(1_400_999_999L, key, "mallory", 3600));
        sigs.put("UserSig", "eJyrVspOrSxWsopWMjQwMDAyNTE2NjY2MTQyMDAwMDC0tLSwNDUzMjYzMDA1UKoFAGYuDEQ_garbage");
        int room = ROOMS.incrementAndGet();
        SignalClient mallory = connect("mallory");

        for (Map.Entry<String, String> e : sigs.entrySet()) {
            Map<String, Object> join = new HashMap<>(InProcessServer.join("mallory", room));
            join.put("userSig", e.getValue());
            JsonNode error = mallory.fails("join", join);
            assertError(error, JOIN_ROOM_FAILED, "JOIN_ROOM_FAILED", e.getKey());
            assertThat(error.path("message").asText()).doesNotContain(key).doesNotContain(e.getValue());
            mallory.ok("heartbeat", Map.of());
        }
        Map<String, Object> unknownApp = new HashMap<>(InProcessServer.join("mallory", room));
        unknownApp.put("sdkAppId", 1_400_999_999L);
        assertError(mallory.fails("join", unknownApp), JOIN_ROOM_FAILED, "JOIN_ROOM_FAILED", "not configured");

        assertThat(server.hasRoom(RoomId.numeric(room))).isFalse();
        mallory.ok("join", InProcessServer.join("mallory", room));
    }

    // --- malformed frames and requests out of order -------------------------------------------------

    /** A frame, the response id it gets, and the error expected. */
    private record Bad(String frame, long id, int code, String messagePart) {
    }

    @Test
    void malformedFramesGetAnErrorAndTheConnectionAndRoomStayUsable() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        publish(alice, BrowserOffers.CHROME);
        SignalClient bob = joined("bob", room);
        bob.drainEvents();
        String pad = "x".repeat(100 * 1024);
        List<Bad> bad = List.of(
                new Bad("{not json", 0, INVALID_PARAMETER, "not valid JSON"),
                new Bad("", 0, INVALID_PARAMETER, "JSON object"),
                new Bad("[1,2,3]", 0, INVALID_PARAMETER, "JSON object"),
                new Bad("42", 0, INVALID_PARAMETER, "JSON object"),
                new Bad("null", 0, INVALID_PARAMETER, "JSON object"),
                new Bad("\"join\"", 0, INVALID_PARAMETER, "JSON object"),
                new Bad("{\"v\":1,\"type\":\"heartbeat\",\"data\":{}}", 0, INVALID_PARAMETER, "'id'"),
                new Bad("{\"v\":1,\"id\":0,\"type\":\"heartbeat\"}", 0, INVALID_PARAMETER, "'id'"),
                new Bad("{\"v\":1,\"id\":-4,\"type\":\"heartbeat\"}", 0, INVALID_PARAMETER, "'id'"),
                new Bad("{\"v\":1,\"id\":\"7\",\"type\":\"heartbeat\"}", 0, INVALID_PARAMETER, "'id'"),
                new Bad("{\"v\":1,\"id\":1.5,\"type\":\"heartbeat\"}", 0, INVALID_PARAMETER, "'id'"),
                new Bad("{\"v\":2,\"id\":901,\"type\":\"heartbeat\"}", 901, INVALID_PARAMETER, "protocol version 2"),
                new Bad("{\"id\":902,\"type\":\"heartbeat\"}", 902, INVALID_PARAMETER, "protocol version"),
                new Bad("{\"v\":\"1\",\"id\":903,\"type\":\"heartbeat\"}", 903, INVALID_PARAMETER, "protocol version"),
                new Bad("{\"v\":1,\"id\":904,\"type\":\"dance\"}", 904, INVALID_PARAMETER, "unknown request type 'dance'"),
                new Bad("{\"v\":1,\"id\":905,\"data\":{}}", 905, INVALID_PARAMETER, "'type'"),
                new Bad("{\"v\":1,\"id\":906,\"type\":7}", 906, INVALID_PARAMETER, "unknown request type '7'"),
                new Bad("{\"v\":1,\"id\":907,\"type\":\"mute\",\"data\":{\"kind\":5}}", 907, INVALID_PARAMETER,
                        "'kind' must be a non-empty string"),
                new Bad("{\"v\":1,\"id\":908,\"type\":\"mute\",\"data\":{\"kind\":\"smell\"}}", 908,
                        INVALID_PARAMETER, "'audio' or 'video'"),
                new Bad("{\"v\":1,\"id\":909,\"type\":\"mute\",\"data\":{\"kind\":\"audio\",\"muted\":\"yes\"}}", 909,
                        INVALID_PARAMETER, "'muted' must be true or false"),
                new Bad("{\"v\":1,\"id\":910,\"type\":\"mute\",\"data\":\"audio\"}", 910, INVALID_PARAMETER,
                        "'data' must be a JSON object"),
                new Bad("{\"v\":1,\"id\":917,\"type\":\"heartbeat\"} trailing", 0, INVALID_PARAMETER,
                        "nothing after it"),
                new Bad("{\"v\":1,\"id\":918,\"type\":\"heartbeat\",\"type\":\"leave\"}", 0, INVALID_PARAMETER,
                        "duplicate key"),
                new Bad("{\"v\":1,\"id\":9007199254740992,\"type\":\"heartbeat\"}", 0, INVALID_PARAMETER,
                        "2^53-1"),
                new Bad("{\"v\":1,\"id\":911,\"type\":\"subscribe\",\"data\":{}}", 911, INVALID_PARAMETER,
                        "'streamId'"),
                new Bad("{\"v\":1,\"id\":912,\"type\":\"subscribe\",\"data\":{\"streamId\":\"s1\",\"video\":1}}",
                        912, INVALID_PARAMETER, "'video'"),
                new Bad("{\"v\":1,\"id\":913,\"type\":\"unpublish\",\"data\":{\"type\":\"tertiary\"}}", 913,
                        INVALID_PARAMETER, "'main' or 'auxiliary'"),
                new Bad("{\"v\":1,\"id\":914,\"type\":\"downlink-answer\",\"data\":{\"answer\":[]}}", 914,
                        INVALID_PARAMETER, "'answer'"),
                new Bad("{\"v\":1,\"id\":915,\"type\":\"heartbeat\",\"data\":{\"pad\":\"" + pad + "\"}}", 0,
                        INVALID_PARAMETER, "exceeds the limit of 65536"),
                new Bad("{\"v\":1,\"id\":916,\"type\":\"heartbeat\",\"data\":{\"deep\":" + "[".repeat(20_000)
                        + "]".repeat(20_000) + "}}", 0, INVALID_PARAMETER, "not valid JSON"),
                new Bad("{\"v\":1,\"id\":123456789012345678901234567890,\"type\":\"heartbeat\"}", 0,
                        INVALID_PARAMETER, "'id'"));

        boolean muted = false;
        for (Bad b : bad) {
            alice.sendRaw(b.frame());
            JsonNode response = alice.awaitResponse(b.id());
            String shown = b.frame().length() > 80 ? b.frame().substring(0, 80) + "…" : b.frame();
            assertThat(response.path("ok").asBoolean()).as(shown).isFalse();
            assertThat(response.path("v").asInt()).isEqualTo(1);
            assertThat(response.path("error").path("code").asInt()).as(shown).isEqualTo(b.code());
            assertThat(response.path("error").path("name").asText()).as(shown).isEqualTo("INVALID_PARAMETER");
            assertThat(response.path("error").path("message").asText()).as(shown).contains(b.messagePart());

            alice.ok("heartbeat", Map.of());
            muted = !muted;
            alice.ok("mute", Map.of("kind", "video", "muted", muted));
            assertThat(bob.awaitEvent(muted ? "mute-video" : "unmute-video").path("userId").asText()).as(shown)
                    .isEqualTo("alice");
        }
    }

    @Test
    void aBinaryFrameIsRefusedLikeMalformedJson() throws Exception {
        SignalClient alice = joined("alice", ROOMS.incrementAndGet());

        alice.sendBinary(new byte[] {1, 2, 3});

        assertError(alice.awaitResponse(0).path("error"), INVALID_PARAMETER, "INVALID_PARAMETER", "not valid JSON");
        alice.ok("heartbeat", Map.of());
    }

    @Test
    void aFrameOverOneMebibyteClosesOnlyThatConnection() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        SignalClient bob = joined("bob", room);
        bob.drainEvents();

        try {
            alice.sendRaw("{\"pad\":\"" + "y".repeat(1_100_000) + "\"}");
        } catch (RuntimeException e) {
            // the server may close while the frame is still being written
        }

        // The server closes with 1009 (RFC 6455 §7.4.1; WebSocketLimitsIT checks the code), but the client
        // may not see it when the close overtakes its own write. What matters here is that only this
        // connection ends.
        alice.awaitClosed(Duration.ofSeconds(5));
        assertThat(bob.awaitEvent("peer-leave").path("userId").asText()).isEqualTo("alice");
        bob.ok("heartbeat", Map.of());
    }

    @Test
    void requestsBeforeJoinAreOutOfOrderButJoinStillWorks() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient bob = joined("bob", room);
        bob.drainEvents();
        SignalClient early = connect("early");
        Map<String, Map<String, Object>> requests = Map.of(
                "publish", publishData(BrowserOffers.CHROME),
                "unpublish", Map.of("type", "main"),
                "subscribe", Map.of("streamId", "s1"),
                "unsubscribe", Map.of("streamId", "s1"),
                "downlink-answer", Map.of("answer", "v=0"),
                "mute", Map.of("kind", "audio", "muted", true));

        early.ok("heartbeat", Map.of());
        for (Map.Entry<String, Map<String, Object>> r : requests.entrySet()) {
            assertError(early.fails(r.getKey(), r.getValue()), INVALID_OPERATION, "INVALID_OPERATION",
                    "join a room first");
            early.ok("heartbeat", Map.of());
        }

        early.ok("join", InProcessServer.join("early", room));
        assertThat(bob.awaitEvent("peer-join").path("userId").asText()).isEqualTo("early");
    }

    @Test
    void requestsOutOfOrderAfterJoinAreRefusedAndTheRoomGoesOn() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        SignalClient bob = joined("bob", room);
        bob.drainEvents();
        alice.drainEvents();

        assertError(alice.fails("join", InProcessServer.join("alice", room)), INVALID_OPERATION,
                "INVALID_OPERATION", "already joined room " + room);
        assertError(alice.fails("downlink-answer", Map.of("answer", "v=0")), INVALID_OPERATION,
                "INVALID_OPERATION", "no downlink offer");
        assertError(alice.fails("subscribe", Map.of("streamId", "s999999")), REMOTE_STREAM_NOT_EXIST,
                "REMOTE_STREAM_NOT_EXIST", "s999999");
        assertError(alice.fails("unsubscribe", Map.of("streamId", "s999999")), REMOTE_STREAM_NOT_EXIST,
                "REMOTE_STREAM_NOT_EXIST", "s999999");
        assertError(alice.fails("unpublish", Map.of("type", "main")), INVALID_OPERATION, "INVALID_OPERATION",
                "no main stream");
        assertError(alice.fails("mute", Map.of("kind", "audio", "muted", true)), INVALID_OPERATION,
                "INVALID_OPERATION", "published main stream");
        assertError(alice.fails("publish", Map.of("offer", "hello", "type", "main")), INVALID_PARAMETER,
                "INVALID_PARAMETER", "publish offer is not valid SDP");
        assertError(alice.fails("publish", publishData(BrowserOffers.CHROME_DATACHANNEL)), INVALID_PARAMETER,
                "INVALID_PARAMETER", "no sendable");
        assertThat(bob.drainEventNames()).as("nothing of that reached bob").isEmpty();

        String stream = publish(alice, BrowserOffers.CHROME);
        assertError(alice.fails("publish", publishData(BrowserOffers.FIREFOX)), INVALID_OPERATION,
                "INVALID_OPERATION", "already published");
        assertError(alice.fails("subscribe", Map.of("streamId", stream)), INVALID_OPERATION, "INVALID_OPERATION",
                "your own stream");

        assertThat(bob.drainEventNames()).containsExactly("stream-added");
        alice.ok("mute", Map.of("kind", "audio", "muted", true));
        assertThat(bob.awaitEvent("mute-audio").path("streamId").asText()).isEqualTo(stream);
    }

    @Test
    void anAudienceMemberCannotPublish() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient viewer = connect("viewer");
        Map<String, Object> join = new HashMap<>(InProcessServer.join("viewer", room));
        join.put("role", "audience");
        join.put("mode", "live");
        viewer.ok("join", join);

        assertError(viewer.fails("publish", publishData(BrowserOffers.CHROME)), INVALID_OPERATION,
                "INVALID_OPERATION", "audience");
        viewer.ok("heartbeat", Map.of());

        join.put("role", "director");
        SignalClient other = connect("other");
        join.put("userId", "other");
        join.put("userSig", InProcessServer.userSig("other"));
        assertError(other.fails("join", join), INVALID_PARAMETER, "INVALID_PARAMETER", "role");
    }

    @Test
    void badJoinFieldsAreInvalidParameters() throws Exception {
        SignalClient c = connect("c");
        Map<String, Object> good = InProcessServer.join("c", ROOMS.incrementAndGet());
        Map<String, String> expected = Map.of(
                "sdkAppId", "sdkAppId", "userId", "userId", "userSig", "'userSig'", "roomId", "roomId");
        for (Map.Entry<String, String> field : expected.entrySet()) {
            Map<String, Object> join = new HashMap<>(good);
            join.remove(field.getKey());
            assertError(c.fails("join", join), INVALID_PARAMETER, "INVALID_PARAMETER", field.getValue());
        }
        Map<String, Object> join = new HashMap<>(good);
        join.put("userId", "has space");
        assertError(c.fails("join", join), INVALID_PARAMETER, "INVALID_PARAMETER", "userId");
        join = new HashMap<>(good);
        join.put("roomId", 0);
        assertError(c.fails("join", join), INVALID_PARAMETER, "INVALID_PARAMETER", "1-4294967294");
        join.put("roomId", "a/b");
        assertError(c.fails("join", join), INVALID_PARAMETER, "INVALID_PARAMETER", "string roomId");

        c.ok("join", good);
    }
}
