package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.sfu.BrowserOffers;
import dev.parley.usersig.RoomId;
import dev.parley.usersig.RoomPrivilege;
import dev.parley.usersig.UserSig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TRTC's live mode over real WebSockets: an audience member sees the room but is invisible to it (no
 * peer-join or peer-leave, not announced to later joiners), a switch to anchor announces it and a switch
 * back says it left; roles belong to live mode only. And TRTC's updatePrivateMapKey during a call.
 */
class LiveModeIT extends SignalingFixture {

    private static Map<String, Object> joinLive(String userId, int room, String role) {
        Map<String, Object> join = new HashMap<>(InProcessServer.join(userId, room));
        join.put("mode", "live");
        join.put("role", role);
        return join;
    }

    private SignalClient joinedLive(String userId, int room, String role) throws Exception {
        SignalClient c = connect(userId);
        c.ok("join", joinLive(userId, room, role));
        return c;
    }

    @Test
    void theAudienceSeesTheRoomAndTheRoomDoesNotSeeTheAudience() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient anchor = joinedLive("anchor", room, "anchor");
        String stream = publish(anchor, BrowserOffers.CHROME);

        SignalClient viewer = joinedLive("viewer", room, "audience");
        assertThat(viewer.drainEventNames()).containsExactly("peer-join", "stream-added");
        JsonNode offer = viewer.ok("subscribe", Map.of("streamId", stream, "audio", true, "video", true));
        assertThat(offer.path("offer").asText()).contains("m=video");

        SignalClient later = joinedLive("later", room, "anchor");
        assertThat(later.drainEvents()).extracting(e -> e.path("data").path("userId").asText("")).doesNotContain("viewer");
        viewer.ok("leave", Map.of());

        assertThat(anchor.drainEvents()).extracting(e -> e.path("name").asText() + ":" + e.path("data").path("userId").asText(""))
                .containsExactly("peer-join:later");
        assertError(errorOfAudiencePublish(room), INVALID_OPERATION, "INVALID_OPERATION", "audience");
    }

    /** A new audience member's publish, refused. */
    private JsonNode errorOfAudiencePublish(int room) throws Exception {
        SignalClient quiet = joinedLive("quiet", room, "audience");
        return quiet.fails("publish", publishData(BrowserOffers.CHROME));
    }

    @Test
    void switchingRolesAnnouncesTheAnchorAndRetiresIt() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient anchor = joinedLive("anchor", room, "anchor");
        SignalClient guest = joinedLive("guest", room, "audience");
        assertThat(anchor.drainEvents()).isEmpty();

        guest.ok("switch-role", Map.of("role", "anchor"));
        assertThat(anchor.awaitEvent("peer-join").path("userId").asText()).isEqualTo("guest");
        publish(guest, BrowserOffers.CHROME);
        assertError(guest.fails("switch-role", Map.of("role", "audience")), INVALID_OPERATION, "INVALID_OPERATION",
                "unpublish");
        guest.ok("unpublish", Map.of("type", "main"));
        guest.ok("switch-role", Map.of("role", "audience"));

        assertThat(anchor.drainEventNames()).containsExactly("stream-added", "stream-removed", "peer-leave");
        guest.ok("leave", Map.of());
        assertThat(anchor.drainEvents()).isEmpty();
    }

    @Test
    void rolesExistOnlyInLiveMode() throws Exception {
        SignalClient alice = joined("alice", ROOMS.incrementAndGet());

        assertError(alice.fails("switch-role", Map.of("role", "audience")), INVALID_OPERATION, "INVALID_OPERATION",
                "live");
    }

    @Test
    void aNewPrivateMapKeyAppliesDuringTheCall() throws Exception {
        int room = ROOMS.incrementAndGet();
        SignalClient alice = connect("alice");
        Map<String, Object> join = new HashMap<>(InProcessServer.join("alice", room));
        join.put("privateMapKey", key("alice", room, RoomPrivilege.ALL & ~RoomPrivilege.SEND_VIDEO.bit()));
        alice.ok("join", join);
        assertThat(alice.fails("publish", publishData(BrowserOffers.CHROME)).path("privilege").asText())
                .isEqualTo("SEND_VIDEO");

        assertError(alice.fails("update-private-map-key", Map.of("privateMapKey", key("alice", room + 1, RoomPrivilege.ALL))),
                INVALID_OPERATION, "INVALID_OPERATION", "refused");
        alice.ok("update-private-map-key", Map.of("privateMapKey", key("alice", room, RoomPrivilege.ALL)));
        publish(alice, BrowserOffers.CHROME);
    }

    private static String key(String userId, int room, long privileges) {
        return UserSig.generatePrivateMapKey(InProcessServer.SDK_APP_ID, InProcessServer.SECRET_KEY, userId, 600,
                RoomId.numeric(room), privileges);
    }
}
