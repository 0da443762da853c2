package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.sdp.SessionDescription;
import dev.parley.server.auth.JoinAuthenticator.Grant;
import dev.parley.server.config.RoomLimits;
import dev.parley.sfu.BrowserOffers;
import dev.parley.usersig.RoomId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The admin operations ({@link RoomAdmin}) and what {@link RoomObserver} hears of room changes, with the media
 * plane replaced by {@link RoomsTest.FakeMedia}.
 */
class RoomAdminTest {
    private static final RoomKey KEY = new RoomKey(1, RoomId.numeric(1234));
    private static final RoomKey OTHER_APP = new RoomKey(2, RoomId.numeric(1234));

    private final Recorder observed = new Recorder();
    private final Rooms sfu = new Rooms(new RoomsTest.FakeMedia(), new RoomLimits(10, 10), observed);
    private final RoomAdmin admin = new RoomAdmin(sfu);

    /** Every observer call, as "call:user" strings in order. */
    static final class Recorder implements RoomObserver {
        final List<String> calls = new ArrayList<>();

        @Override
        public void roomCreated(RoomKey room, String byUserId) {
            calls.add("created:" + byUserId);
        }

        @Override
        public void roomDismissed(RoomKey room) {
            calls.add("dismissed");
        }

        @Override
        public void entered(RoomKey room, String userId, Participant.Role role) {
            calls.add("entered:" + userId);
        }

        @Override
        public void exited(RoomKey room, String userId, Participant.Role role, ExitReason reason) {
            calls.add("exited:" + userId + ":" + reason);
        }

        @Override
        public void roleChanged(RoomKey room, String userId, Participant.Role role) {
            calls.add("role:" + userId + ":" + role);
        }

        @Override
        public void mediaStarted(RoomKey room, String userId, MediaKind kind) {
            calls.add("start:" + userId + ":" + kind);
        }

        @Override
        public void mediaStopped(RoomKey room, String userId, MediaKind kind) {
            calls.add("stop:" + userId + ":" + kind);
        }
    }

    private static SessionDescription offer() throws Exception {
        return SessionDescription.parse(BrowserOffers.read(BrowserOffers.CHROME));
    }

    private Participant join(RoomKey key, String user, RoomsTest.Events events) throws RoomException {
        return sfu.join(key, user, Participant.Role.ANCHOR, Grant.ALL, events);
    }

    @Test
    void aCallIsObservedInTrtcsOrder() throws Exception {
        Participant alice = join(KEY, "alice", new RoomsTest.Events());
        sfu.publish(alice, StreamType.MAIN, offer(), false, false);
        Participant bob = join(KEY, "bob", new RoomsTest.Events());
        sfu.mute(alice, StreamType.MAIN, "video", true);
        sfu.mute(alice, StreamType.MAIN, "video", false);
        sfu.unpublish(alice, StreamType.MAIN);
        sfu.leave(alice, "leave");
        sfu.leave(bob, "connection closed");

        assertThat(observed.calls).containsExactly("created:alice", "entered:alice", "start:alice:AUDIO",
                "start:alice:VIDEO", "entered:bob", "stop:alice:VIDEO", "start:alice:VIDEO", "stop:alice:AUDIO",
                "stop:alice:VIDEO", "exited:alice:LEFT", "exited:bob:CONNECTION_LOST", "dismissed");
    }

    @Test
    void anExitImpliesTheMediaStopsAsInTrtc() throws Exception {
        Participant alice = join(KEY, "alice", new RoomsTest.Events());
        sfu.publish(alice, StreamType.MAIN, offer(), false, false);
        observed.calls.clear();
        sfu.leave(alice, "leave");
        assertThat(observed.calls).containsExactly("exited:alice:LEFT", "dismissed");
    }

    @Test
    void removeUsersBansThemWithKickAndTellsTheOthers() throws Exception {
        RoomsTest.Events aliceEvents = new RoomsTest.Events();
        RoomsTest.Events bobEvents = new RoomsTest.Events();
        join(KEY, "alice", aliceEvents);
        join(KEY, "bob", bobEvents);

        assertThat(admin.removeUsers(KEY, List.of("alice", "nobody"))).containsExactly("alice");

        assertThat(aliceEvents.bannedReason).isEqualTo("kick");
        assertThat(bobEvents.bannedReason).isNull();
        assertThat(bobEvents.events).contains(new RoomEvent.PeerLeft("alice"));
        assertThat(admin.describe(KEY).orElseThrow().users()).extracting(RoomView.User::userId)
                .containsExactly("bob");
        assertThat(observed.calls).endsWith("exited:alice:KICKED");
    }

    @Test
    void aShutdownEndsEveryRoomForTheObserverWithoutTellingThePeers() throws Exception {
        RoomsTest.Events aliceEvents = new RoomsTest.Events();
        RoomsTest.Events bobEvents = new RoomsTest.Events();
        Participant alice = join(KEY, "alice", aliceEvents);
        sfu.publish(alice, StreamType.MAIN, offer(), false, false);
        join(KEY, "bob", bobEvents);
        join(OTHER_APP, "carol", new RoomsTest.Events());
        int aliceSaw = aliceEvents.events.size();
        int bobSaw = bobEvents.events.size();
        observed.calls.clear();

        assertThat(sfu.closeAll("server shutting down")).isEqualTo(3);

        assertThat(sfu.roomCount()).isZero();
        assertThat(observed.calls).containsExactlyInAnyOrder("exited:alice:CONNECTION_LOST",
                "exited:bob:CONNECTION_LOST", "exited:carol:CONNECTION_LOST", "dismissed", "dismissed");
        // Their clients reconnect to the restarted server: no peer-leave or stream-removed before that.
        assertThat(aliceEvents.events).hasSize(aliceSaw);
        assertThat(bobEvents.events).hasSize(bobSaw);
        assertThat(aliceEvents.bannedReason).isNull();
    }

    @Test
    void removingTheLastUserEndsTheRoom() throws Exception {
        join(KEY, "alice", new RoomsTest.Events());
        admin.removeUsers(KEY, List.of("alice"));
        assertThat(sfu.roomCount()).isZero();
        assertThat(observed.calls).endsWith("exited:alice:KICKED", "dismissed");
    }

    @Test
    void dismissBansEveryoneWithRoomDisbandAndEndsTheRoom() throws Exception {
        RoomsTest.Events aliceEvents = new RoomsTest.Events();
        RoomsTest.Events bobEvents = new RoomsTest.Events();
        join(KEY, "alice", aliceEvents);
        join(KEY, "bob", bobEvents);

        assertThat(admin.dismiss(KEY)).containsExactly("alice", "bob");

        assertThat(aliceEvents.bannedReason).isEqualTo("room-disband");
        assertThat(bobEvents.bannedReason).isEqualTo("room-disband");
        assertThat(admin.describe(KEY)).isEmpty();
        assertThat(sfu.roomCount()).isZero();
        assertThat(observed.calls).endsWith("exited:alice:ROOM_DISMISSED", "exited:bob:ROOM_DISMISSED", "dismissed");
    }

    @Test
    void anAppSeesOnlyItsOwnRooms() throws Exception {
        join(KEY, "alice", new RoomsTest.Events());
        join(OTHER_APP, "alice", new RoomsTest.Events());

        assertThat(admin.list(1)).extracting(RoomView::sdkAppId).containsExactly(1L);
        assertThat(admin.dismiss(new RoomKey(3, KEY.roomId()))).isEmpty();
        assertThat(admin.removeUsers(new RoomKey(3, KEY.roomId()), List.of("alice"))).isEmpty();
        assertThat(admin.describe(OTHER_APP).orElseThrow().users()).hasSize(1);
    }

    @Test
    void describeListsTheUsersAndStreamsAndCountsAddUp() throws Exception {
        Participant alice = join(KEY, "alice", new RoomsTest.Events());
        sfu.publish(alice, StreamType.MAIN, offer(), false, true);
        Participant bob = join(KEY, "bob", new RoomsTest.Events());
        String streamId = admin.describe(KEY).orElseThrow().streams().get(0).streamId();
        sfu.subscribe(bob, streamId, true, true);

        RoomView view = admin.describe(KEY).orElseThrow();
        assertThat(view.users()).extracting(RoomView.User::userId).containsExactly("alice", "bob");
        assertThat(view.streams()).singleElement().satisfies(s -> {
            assertThat(s.userId()).isEqualTo("alice");
            assertThat(s.videoMuted()).isTrue();
        });
        assertThat(admin.counts()).isEqualTo(new RoomCounts(1, 2, 1, 1, 1));
        // Video muted at publish: only its audio starts.
        assertThat(observed.calls).contains("start:alice:AUDIO").doesNotContain("start:alice:VIDEO");
    }
}
