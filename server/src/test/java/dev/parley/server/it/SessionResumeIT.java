package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.sfu.BrowserOffers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Session resume over the real protocol (docs/PROTOCOL.md "Reconnection"): a participant whose connection
 * breaks stays for the grace period, unseen by the others, and a new connection with its token takes it
 * over and gets the room as it is; a request sent again with its id is answered, not applied twice; a
 * wrong token, or one after the grace, is refused with reason "session-unknown"; a client's goodbye (close
 * frame 1000/1001) still leaves at once.
 */
class SessionResumeIT extends SignalingFixture {

    @Test
    void aBrokenConnectionIsResumedWithTheRoomAsItIsNow() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = connect("alice");
        JsonNode joined = alice.ok("join", InProcessServer.join("alice", room));
        String token = joined.path("resumeToken").asText();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(joined.path("reconnectGraceSeconds").asInt()).isEqualTo(30);
        assertThat(joined.path("serverId").asText()).isNotEmpty();
        String aliceStream = publish(alice, BrowserOffers.CHROME);
        SignalClient bob = connect("bob");
        bob.ok("join", InProcessServer.join("bob", room));
        bob.drainEvents();

        alice.drop();
        SignalClient carol = connect("carol");
        carol.ok("join", InProcessServer.join("carol", room));
        String carolStream = publish(carol, BrowserOffers.FIREFOX);

        // Bob sees nothing of alice's outage: her stream and her presence stay.
        assertThat(bob.drainEventNames()).containsExactly("peer-join", "stream-added");

        SignalClient again = connect("alice-again");
        JsonNode wrong = again.fails("resume", Map.of("token", token + "x", "userId", "alice"));
        assertThat(wrong.path("reason").asText()).isEqualTo("session-unknown");
        JsonNode resumed = again.ok("resume", Map.of("token", token, "userId", "alice"));
        JsonNode state = resumed.path("room");
        assertThat(state.path("peers").toString()).contains("bob").contains("carol");
        assertThat(state.path("streams").toString()).contains(carolStream).doesNotContain(aliceStream);
        assertThat(state.path("published").path("main").asText()).isEqualTo(aliceStream);
        assertThat(resumed.path("resumeToken").asText()).isEqualTo(token);

        // The resumed connection is the participant's: it mutes, the others hear of it once, even when the
        // request is sent again with its id (its answer was lost with the old connection).
        again.requestWithId(900, "mute", Map.of("kind", "audio", "muted", true));
        JsonNode repeat = again.requestWithId(900, "mute", Map.of("kind", "audio", "muted", true));
        assertThat(repeat.path("ok").asBoolean()).isTrue();
        assertThat(bob.drainEventNames()).containsExactly("mute-audio", "stream-updated");
    }

    @Test
    void aGoodbyeLeavesAtOnceAndATokenDiesWithItsParticipant() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = connect("alice");
        String token = alice.ok("join", InProcessServer.join("alice", room)).path("resumeToken").asText();
        SignalClient bob = connect("bob");
        bob.ok("join", InProcessServer.join("bob", room));

        alice.close(); // close frame 1000: the page left

        assertThat(bob.awaitEvent("peer-leave").path("userId").asText()).isEqualTo("alice");
        SignalClient again = connect("alice-again");
        assertThat(again.fails("resume", Map.of("token", token, "userId", "alice")).path("reason").asText())
                .isEqualTo("session-unknown");
    }

    @Test
    void afterTheGraceTheParticipantLeavesAndItsTokenIsRefused() throws Exception {
        try (InProcessServer quick = InProcessServer.start("reconnectGraceSeconds: 1\n")) {
            int room = ROOMS.incrementAndGet();
            SignalClient alice = connect(quick, "alice");
            String token = alice.ok("join", InProcessServer.join("alice", room)).path("resumeToken").asText();
            SignalClient bob = connect(quick, "bob");
            bob.ok("join", InProcessServer.join("bob", room));
            long droppedAt = System.nanoTime();

            alice.drop();

            assertThat(bob.awaitEvent("peer-leave").path("userId").asText()).isEqualTo("alice");
            assertThat(Duration.ofNanos(System.nanoTime() - droppedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            SignalClient again = connect(quick, "alice-again");
            assertThat(again.fails("resume", Map.of("token", token, "userId", "alice")).path("reason").asText())
                    .isEqualTo("session-unknown");
        }
    }
}
