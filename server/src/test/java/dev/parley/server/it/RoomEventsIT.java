package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.media.sdp.Direction;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.sfu.BrowserOffers;
import dev.parley.usersig.RoomId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What clients in a room see of each other over real WebSockets: join and the announcements that follow,
 * publish, mute, subscribe renegotiation, unpublish, leave, a closed or silent connection, takeover by a
 * second join of the same user, and the room's end.
 */
class RoomEventsIT extends SignalingFixture {

    // --- joining, publishing, events ----------------------------------------------------------------

    @Test
    void joinAnswersWithTheRoomTheUserAndTheHeartbeatInterval() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = connect("alice");

        JsonNode data = alice.ok("join", InProcessServer.join("alice", room));

        assertThat(data.path("roomId").isIntegralNumber()).isTrue();
        assertThat(data.path("roomId").asLong()).isEqualTo(room);
        assertThat(data.path("userId").asText()).isEqualTo("alice");
        assertThat(data.path("heartbeatIntervalMs").asLong()).isEqualTo(2000); // (8 s - 2 s) / 3
        assertThat(alice.drainEvents()).isEmpty();
    }

    @Test
    void stringRoomIdComesBackAsAString() throws Exception {
        SignalClient alice = connect("alice");

        JsonNode data = alice.ok("join", InProcessServer.join("alice", "daily standup #" + ROOMS.incrementAndGet()));

        assertThat(data.path("roomId").isTextual()).isTrue();
        assertThat(data.path("roomId").asText()).startsWith("daily standup #");
    }

    @Test
    void joinersLearnWhoIsHereAndEveryoneLearnsOfThem() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        JsonNode published = alice.ok("publish", publishData(BrowserOffers.CHROME));
        String stream = published.path("streamId").asText();
        SessionDescription answer = SessionDescription.parse(published.path("answer").asText());
        assertThat(answer.iceLite()).isTrue();
        assertThat(answer.media()).allSatisfy(m -> {
            assertThat(m.direction()).contains(Direction.RECVONLY);
            // One UDP host candidate on the media port, and the passive ICE-TCP one ranked below it.
            assertThat(m.candidates()).hasSize(2);
            assertThat(m.candidates().get(0)).satisfies(c -> {
                assertThat(c.isUdp()).isTrue();
                assertThat(c.address()).isEqualTo("127.0.0.1");
                assertThat(c.port()).isEqualTo(server.rtcPort());
            });
            assertThat(m.candidates().get(1)).satisfies(c -> {
                assertThat(c.isTcp()).isTrue();
                assertThat(c.tcpType()).contains("passive");
                assertThat(c.priority()).isLessThan(m.candidates().get(0).priority());
            });
        });

        SignalClient bob = joined("bob", room);
        List<JsonNode> bobSees = bob.drainEvents();
        assertThat(bobSees).extracting(e -> e.path("name").asText()).containsExactly("peer-join", "stream-added");
        assertThat(bobSees.get(0).path("data").path("userId").asText()).isEqualTo("alice");
        JsonNode info = bobSees.get(1).path("data").path("stream");
        assertThat(info.path("streamId").asText()).isEqualTo(stream);
        assertThat(info.path("userId").asText()).isEqualTo("alice");
        assertThat(info.path("type").asText()).isEqualTo("main");
        assertThat(info.path("hasAudio").asBoolean()).isTrue();
        assertThat(info.path("hasVideo").asBoolean()).isTrue();
        assertThat(info.path("audioMuted").asBoolean()).isFalse();
        assertThat(info.path("videoMuted").asBoolean()).isFalse();
        assertThat(alice.awaitEvent("peer-join").path("userId").asText()).isEqualTo("bob");

        SignalClient carol = joined("carol", room);
        assertThat(carol.drainEventNames()).containsExactly("peer-join", "peer-join", "stream-added");
        assertThat(alice.drainEvents()).extracting(e -> e.path("data").path("userId").asText())
                .containsExactly("carol");
        assertThat(bob.drainEvents()).extracting(e -> e.path("name").asText() + ":"
                + e.path("data").path("userId").asText()).containsExactly("peer-join:carol");
    }

    @Test
    void publishAnnouncesTheStreamToEveryoneElse() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        SignalClient bob = joined("bob", room);
        SignalClient carol = joined("carol", room);
        alice.drainEvents();
        bob.drainEvents();

        String stream = publish(bob, BrowserOffers.FIREFOX);

        assertThat(alice.awaitEvent("stream-added").path("stream").path("streamId").asText()).isEqualTo(stream);
        assertThat(carol.awaitEvent("stream-added").path("stream").path("userId").asText()).isEqualTo("bob");
        assertThat(bob.drainEventNames()).isEmpty();
    }

    @Test
    void muteEventsReachTheOthersButNotTheMuter() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        String stream = publish(alice, BrowserOffers.CHROME);
        SignalClient bob = joined("bob", room);
        SignalClient carol = joined("carol", room);
        bob.drainEvents();
        carol.drainEvents();
        alice.drainEvents();

        alice.ok("mute", Map.of("kind", "audio", "muted", true));

        for (SignalClient other : List.of(bob, carol)) {
            List<JsonNode> events = other.drainEvents();
            assertThat(events).extracting(e -> e.path("name").asText()).containsExactly("mute-audio", "stream-updated");
            assertThat(events.get(0).path("data").path("userId").asText()).isEqualTo("alice");
            assertThat(events.get(0).path("data").path("streamId").asText()).isEqualTo(stream);
            assertThat(events.get(1).path("data").path("stream").path("audioMuted").asBoolean()).isTrue();
            assertThat(events.get(1).path("data").path("stream").path("videoMuted").asBoolean()).isFalse();
        }
        assertThat(alice.drainEventNames()).isEmpty();

        alice.ok("mute", Map.of("kind", "video", "muted", true));
        alice.ok("mute", Map.of("kind", "audio", "muted", false));

        assertThat(bob.drainEventNames()).containsExactly("mute-video", "stream-updated", "unmute-audio",
                "stream-updated");
        // A newcomer sees the current mute state in stream-added.
        carol.ok("leave", Map.of());
        SignalClient dave = joined("dave", room);
        JsonNode added = dave.awaitEvent("stream-added").path("stream");
        assertThat(added.path("audioMuted").asBoolean()).isFalse();
        assertThat(added.path("videoMuted").asBoolean()).isTrue();
    }

    @Test
    void subscribeAndUnsubscribeRenegotiateTheDownlink() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        String stream = publish(alice, BrowserOffers.CHROME);
        SignalClient bob = joined("bob", room);

        String offer = bob.ok("subscribe", Map.of("streamId", stream, "audio", true, "video", true))
                .path("offer").asText();
        SessionDescription sd = SessionDescription.parse(offer);
        assertThat(sd.iceLite()).isTrue();
        assertThat(sd.media()).hasSize(2).allSatisfy(m -> {
            assertThat(m.direction()).contains(Direction.SENDONLY);
            assertThat(m.msids()).singleElement().satisfies(msid -> assertThat(msid.streamId()).isEqualTo(stream));
        });
        assertThat(bob.fails("subscribe", Map.of("streamId", stream)).path("code").asInt())
                .as("a second subscribe before the answer").isEqualTo(INVALID_OPERATION);
        bob.ok("downlink-answer", Map.of("answer", DownlinkAnswers.answer(offer)));

        offer = bob.ok("subscribe", Map.of("streamId", stream, "audio", true, "video", false)).path("offer").asText();
        List<MediaDescription> sections = SessionDescription.parse(offer).media();
        assertThat(sections).extracting(m -> m.direction().orElseThrow())
                .containsExactly(Direction.SENDONLY, Direction.INACTIVE);
        bob.ok("downlink-answer", Map.of("answer", DownlinkAnswers.answer(offer)));

        offer = bob.ok("unsubscribe", Map.of("streamId", stream)).path("offer").asText();
        assertThat(SessionDescription.parse(offer).media()).hasSize(2)
                .allSatisfy(m -> assertThat(m.direction()).contains(Direction.INACTIVE));
        bob.ok("downlink-answer", Map.of("answer", DownlinkAnswers.answer(offer)));

        assertError(bob.fails("unsubscribe", Map.of("streamId", stream)), REMOTE_STREAM_NOT_EXIST,
                "REMOTE_STREAM_NOT_EXIST", stream);
    }

    @Test
    void unpublishRemovesTheStreamAndLeaveRemovesStreamThenPeer() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        String first = publish(alice, BrowserOffers.CHROME);
        SignalClient bob = joined("bob", room);
        String bobOffer = bob.ok("subscribe", Map.of("streamId", first)).path("offer").asText();
        bob.ok("downlink-answer", Map.of("answer", DownlinkAnswers.answer(bobOffer)));
        bob.drainEvents();

        alice.ok("unpublish", Map.of("type", "main"));
        JsonNode removed = bob.awaitEvent("stream-removed");
        assertThat(removed.path("stream").path("streamId").asText()).isEqualTo(first);
        assertError(bob.fails("subscribe", Map.of("streamId", first)), REMOTE_STREAM_NOT_EXIST,
                "REMOTE_STREAM_NOT_EXIST", first);

        String second = publish(alice, BrowserOffers.SAFARI);
        assertThat(second).isNotEqualTo(first);
        assertThat(bob.awaitEvent("stream-added").path("stream").path("streamId").asText()).isEqualTo(second);

        alice.ok("leave", Map.of());
        assertThat(alice.awaitClosed(Duration.ofSeconds(5))).isEqualTo(1000);
        List<JsonNode> events = bob.drainEvents();
        assertThat(events).extracting(e -> e.path("name").asText()).containsExactly("stream-removed", "peer-leave");
        assertThat(events.get(0).path("data").path("stream").path("streamId").asText()).isEqualTo(second);
        assertThat(events.get(1).path("data").path("userId").asText()).isEqualTo("alice");
    }

    @Test
    void aClosedConnectionCountsAsLeaving() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = joined("alice", room);
        publish(alice, BrowserOffers.FIREFOX);
        SignalClient bob = joined("bob", room);
        bob.drainEvents();

        alice.close();

        assertThat(bob.awaitEvent("stream-removed").path("stream").path("userId").asText()).isEqualTo("alice");
        assertThat(bob.awaitEvent("peer-leave").path("userId").asText()).isEqualTo("alice");
    }

    @Test
    void theRoomIsDestroyedWhenTheLastUserLeaves() throws Exception {
        int room = ROOMS.incrementAndGet();
        RoomId id = RoomId.numeric(room);
        SignalClient alice = joined("alice", room);
        SignalClient bob = joined("bob", room);
        publish(bob, BrowserOffers.CHROME);
        assertThat(server.hasRoom(id)).isTrue();
        assertThat(server.healthz()).contains("\"status\":\"ok\"").containsPattern("\"rooms\":[1-9]");

        alice.ok("leave", Map.of());
        assertThat(server.hasRoom(id)).isTrue();
        bob.close();

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.hasRoom(id) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.hasRoom(id)).isFalse();
    }

    @Test
    void numericRoomAndStringRoomWithTheSameDigitsAreDifferentRooms() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient numeric = joined("alice", room);
        SignalClient text = connect("bob");
        text.ok("join", InProcessServer.join("bob", Integer.toString(room)));

        assertThat(text.drainEventNames()).isEmpty();
        assertThat(numeric.drainEventNames()).isEmpty();
        assertThat(server.hasRoom(RoomId.text(Integer.toString(room)))).isTrue();
        assertThat(server.hasRoom(RoomId.numeric(room))).isTrue();
    }

    // --- takeover -----------------------------------------------------------------------------------

    @Test
    void aSecondJoinOfTheSameUserBansTheFirstAndTakesOver() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient bob = joined("bob", room);
        SignalClient alice1 = joined("alice", room);
        String stream = publish(alice1, BrowserOffers.CHROME);
        bob.drainEvents();

        SignalClient alice2 = connect("alice-2");
        alice2.ok("join", InProcessServer.join("alice", room));

        JsonNode banned = alice1.awaitEvent("client-banned");
        assertThat(banned.path("reason").asText()).isEqualTo("kick");
        assertThat(banned.path("message").asText()).contains("alice");
        assertThat(alice1.awaitClosed(Duration.ofSeconds(5))).isEqualTo(4001); // CloseCode.REPLACED
        List<JsonNode> bobSees = bob.drainEvents();
        assertThat(bobSees).extracting(e -> e.path("name").asText()).containsExactly("stream-removed");
        assertThat(bobSees.get(0).path("data").path("stream").path("streamId").asText()).isEqualTo(stream);
        assertThat(alice2.drainEventNames()).containsExactly("peer-join");

        String again = publish(alice2, BrowserOffers.FIREFOX);
        assertThat(bob.awaitEvent("stream-added").path("stream").path("streamId").asText()).isEqualTo(again);
    }

    @Test
    void takeoverOfTheOnlyUserKeepsTheRoomForTheNextJoiner() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice1 = joined("alice", room);
        SignalClient alice2 = joined("alice", room);
        alice1.awaitEvent("client-banned");

        SignalClient bob = joined("bob", room);

        assertThat(bob.drainEvents()).extracting(e -> e.path("data").path("userId").asText())
                .containsExactly("alice");
        assertThat(alice2.awaitEvent("peer-join").path("userId").asText()).isEqualTo("bob");
    }

    // --- heartbeat timeout --------------------------------------------------------------------------

    @Test
    void aSilentClientIsRemovedWithinTheHeartbeatTimeout() throws Exception {
        try (InProcessServer quick = InProcessServer.start("heartbeatTimeoutSeconds: 2\nreconnectGraceSeconds: 0\n")) {
            int room = ROOMS.incrementAndGet();
            SignalClient alice = connect(quick, "alice");
            alice.silence();
            JsonNode joined = alice.ok("join", InProcessServer.join("alice", room));
            assertThat(joined.path("heartbeatIntervalMs").asLong()).isEqualTo(1000);
            String stream = alice.ok("publish", publishData(BrowserOffers.CHROME)).path("streamId").asText();
            long silentSince = System.nanoTime();
            SignalClient bob = connect(quick, "bob");
            bob.ok("join", InProcessServer.join("bob", room));

            assertThat(bob.awaitEvent("stream-removed").path("stream").path("streamId").asText()).isEqualTo(stream);
            assertThat(bob.awaitEvent("peer-leave").path("userId").asText()).isEqualTo("alice");
            Duration silent = Duration.ofNanos(System.nanoTime() - silentSince);
            assertThat(silent).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
            assertThat(alice.awaitClosed(Duration.ofSeconds(5))).isEqualTo(4000); // CloseCode.HEARTBEAT_TIMEOUT
            // bob heartbeats every 500 ms: he stays.
            Thread.sleep(2500);
            bob.ok("heartbeat", Map.of());
            assertThat(quick.hasRoom(RoomId.numeric(room))).isTrue();
        }
    }
}
