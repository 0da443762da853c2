package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.sdp.SessionDescription;
import dev.parley.server.auth.JoinAuthenticator.Grant;
import dev.parley.server.config.RoomLimits;
import dev.parley.sfu.BrowserOffers;
import dev.parley.sfu.MediaPlane;
import dev.parley.usersig.RoomId;
import dev.parley.usersig.RoomPrivilege;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Room bookkeeping of the {@link Rooms} with the media plane replaced by a fake (the real one, and the
 * UserSig check in front of the SFU, are exercised through the WebSocket in SignalingIT).
 */
class RoomsTest {
    private static final RoomId ROOM = RoomId.numeric(1234);
    private static final RoomKey KEY = new RoomKey(1, ROOM);
    private static final SessionDescription OFFER = offer();

    private final FakeMedia media = new FakeMedia();
    private Rooms sfu = new Rooms(media, new RoomLimits(3, 2));

    private static SessionDescription offer() {
        try {
            return SessionDescription.parse(BrowserOffers.read(BrowserOffers.CHROME));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one client was told. */
    static final class Events implements PeerEvents {
        final List<RoomEvent> events = new ArrayList<>();
        String bannedReason;

        @Override
        public void on(RoomEvent event) {
            events.add(event);
        }

        @Override
        public void banned(Removal removal, String message) {
            bannedReason = removal.trtcReason();
        }
    }

    private Participant join(String user, Events events) throws RoomException {
        return join(KEY, user, events, Grant.ALL);
    }

    private Participant join(RoomKey key, String user, Events events, Grant grant) throws RoomException {
        Participant p = sfu.join(key, user, Participant.Role.ANCHOR, grant, events);
        sfu.announceRoomTo(p);
        return p;
    }

    private static Grant grant(RoomPrivilege... privileges) {
        return new Grant(privileges.length == 0 ? EnumSet.noneOf(RoomPrivilege.class)
                : EnumSet.of(privileges[0], privileges));
    }

    private static Grant allBut(RoomPrivilege missing) {
        EnumSet<RoomPrivilege> set = EnumSet.allOf(RoomPrivilege.class);
        set.remove(missing);
        return new Grant(set);
    }

    @Test
    void firstJoinCreatesTheRoomAndLastLeaveDestroysIt() throws Exception {
        Participant alice = join("alice", new Events());
        Participant bob = join("bob", new Events());
        assertThat(sfu.roomCount()).isEqualTo(1);

        sfu.leave(alice, "leave");
        assertThat(sfu.roomCount()).isEqualTo(1);
        sfu.leave(bob, "leave");

        assertThat(sfu.roomCount()).isZero();
        assertThat(sfu.room(KEY)).isNull();
    }

    @Test
    void takeoverOfTheOnlyUserKeepsTheRoomForTheNewClient() throws Exception {
        Events first = new Events();
        join("alice", first);
        Events second = new Events();
        Participant alice2 = join("alice", second);

        assertThat(first.bannedReason).isEqualTo("kick");
        assertThat(sfu.roomCount()).isEqualTo(1);
        assertThat(sfu.room(KEY)).isSameAs(alice2.room());

        Events bobEvents = new Events();
        Participant bob = join("bob", bobEvents);

        assertThat(bob.room()).isSameAs(alice2.room());
        assertThat(bobEvents.events).containsExactly(new RoomEvent.PeerJoined("alice"));
        assertThat(second.events).containsExactly(new RoomEvent.PeerJoined("bob"));
    }

    @Test
    void takeoverIsInvisibleToTheOthersButRemovesTheOldStreams() throws Exception {
        Events bobEvents = new Events();
        join("bob", bobEvents);
        Participant alice = join("alice", new Events());
        sfu.publish(alice, StreamType.MAIN, OFFER, false, false);
        bobEvents.events.clear();

        join("alice", new Events());

        assertThat(bobEvents.events).singleElement().isInstanceOf(RoomEvent.StreamRemoved.class);
        assertThat(media.closedUplinks).isEqualTo(1);
        assertThat(sfu.room(KEY).size()).isEqualTo(2);
    }

    @Test
    void leavingTwiceIsHarmless() throws Exception {
        Events bobEvents = new Events();
        join("bob", bobEvents);
        Participant alice = join("alice", new Events());

        sfu.leave(alice, "leave");
        sfu.leave(alice, "connection closed");

        assertThat(bobEvents.events).containsExactly(new RoomEvent.PeerJoined("alice"), new RoomEvent.PeerLeft("alice"));
    }

    // ── republish: the publisher changes a published stream's tracks ────────────────────────────

    @Test
    void republishKeepsTheStreamIdEndsTheSubscriptionsAndTellsTheOthers() throws Exception {
        Participant alice = join("alice", new Events());
        Events bobEvents = new Events();
        Participant bob = join("bob", bobEvents);
        String stream = sfu.publish(alice, StreamType.MAIN, OFFER, false, false).streamId();
        sfu.subscribe(bob, stream, true, true);
        bobEvents.events.clear();

        Rooms.Published again = sfu.republish(alice, new Rooms.PublishRequest(StreamType.MAIN, Deferred.of(() -> OFFER), false, true));

        assertThat(again.streamId()).isEqualTo(stream);
        assertThat(media.openedUplinks).isEqualTo(2);
        assertThat(media.closedUplinks).isEqualTo(1);
        assertThat(media.sourcesGone).containsExactly(stream);
        assertThat(bobEvents.events).singleElement().isInstanceOfSatisfying(RoomEvent.StreamUpdated.class, e -> {
            assertThat(e.stream().streamId()).isEqualTo(stream);
            assertThat(e.stream().revision()).isEqualTo(1);
            assertThat(e.stream().videoMuted()).isTrue();
        });
        sfu.subscribe(bob, stream, true, true); // the subscriber takes the new tracks
        sfu.unpublish(alice, StreamType.MAIN);
        assertThat(media.closedUplinks).isEqualTo(2);
    }

    @Test
    void republishNeedsAPublishedStreamOfThatType() {
        assertThatThrownBy(() -> {
            Participant alice = join("alice", new Events());
            sfu.republish(alice, new Rooms.PublishRequest(StreamType.MAIN, Deferred.of(() -> OFFER), false, false));
        }).isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.getMessage()).contains("publish it first"));
    }

    // ── TRTC live mode: the audience is invisible ───────────────────────────────────────────────

    private Participant joinAs(String user, Participant.Role role, Events events) throws RoomException {
        Participant p = sfu.join(KEY, user, role, Grant.ALL, events);
        sfu.announceRoomTo(p);
        return p;
    }

    @Test
    void anAudienceMemberIsNeitherAnnouncedNorListedNorSaidToLeave() throws Exception {
        Events anchorEvents = new Events();
        Participant anchor = joinAs("anchor", Participant.Role.ANCHOR, anchorEvents);
        sfu.publish(anchor, StreamType.MAIN, OFFER, false, false);
        anchorEvents.events.clear();

        Events viewerEvents = new Events();
        Participant viewer = joinAs("viewer", Participant.Role.AUDIENCE, viewerEvents);
        Events laterEvents = new Events();
        joinAs("later", Participant.Role.ANCHOR, laterEvents);
        sfu.leave(viewer, "leave");

        assertThat(anchorEvents.events).containsExactly(new RoomEvent.PeerJoined("later"));
        assertThat(laterEvents.events).hasSize(2)
                .noneMatch(e -> e.equals(new RoomEvent.PeerJoined("viewer")))
                .contains(new RoomEvent.PeerJoined("anchor"));
        assertThat(viewerEvents.events).contains(new RoomEvent.PeerJoined("anchor"), new RoomEvent.PeerJoined("later"))
                .hasAtLeastOneElementOfType(RoomEvent.StreamAdded.class);
    }

    @Test
    void switchingToAnchorAnnouncesTheUserAndBackToAudienceSaysItLeft() throws Exception {
        Events anchorEvents = new Events();
        joinAs("anchor", Participant.Role.ANCHOR, anchorEvents);
        Participant viewer = joinAs("viewer", Participant.Role.AUDIENCE, new Events());

        sfu.switchRole(viewer, Participant.Role.ANCHOR);
        sfu.switchRole(viewer, Participant.Role.ANCHOR); // no change, no event
        sfu.publish(viewer, StreamType.MAIN, OFFER, false, false);
        assertThatThrownBy(() -> sfu.switchRole(viewer, Participant.Role.AUDIENCE))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.reason()).isEqualTo(RoomException.Reason.NOT_ALLOWED));
        sfu.unpublish(viewer, StreamType.MAIN);
        sfu.switchRole(viewer, Participant.Role.AUDIENCE);
        sfu.leave(viewer, "leave");

        assertThat(anchorEvents.events).filteredOn(e -> !(e instanceof RoomEvent.StreamAdded) && !(e instanceof RoomEvent.StreamRemoved))
                .containsExactly(new RoomEvent.PeerJoined("viewer"), new RoomEvent.PeerLeft("viewer"));
    }

    @Test
    void anAudienceMemberCannotPublishAndIsNotCountedAsAPublisher() throws Exception {
        Participant a = joinAs("a", Participant.Role.ANCHOR, new Events());
        Participant b = joinAs("b", Participant.Role.ANCHOR, new Events());
        Participant viewer = joinAs("viewer", Participant.Role.AUDIENCE, new Events());
        sfu.publish(a, StreamType.MAIN, OFFER, false, false);

        assertThatThrownBy(() -> sfu.publish(viewer, StreamType.MAIN, OFFER, false, false))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.getMessage()).contains("audience"));
        sfu.publish(b, StreamType.MAIN, OFFER, false, false); // the second of two publishers allowed
    }

    @Test
    void aTakeoverThatChangesTheRoleChangesWhatTheOthersSee() throws Exception {
        Events anchorEvents = new Events();
        joinAs("anchor", Participant.Role.ANCHOR, anchorEvents);
        joinAs("guest", Participant.Role.AUDIENCE, new Events());
        joinAs("guest", Participant.Role.ANCHOR, new Events());
        joinAs("guest", Participant.Role.AUDIENCE, new Events());

        assertThat(anchorEvents.events).containsExactly(new RoomEvent.PeerJoined("guest"), new RoomEvent.PeerLeft("guest"));
    }

    @Test
    void aNewGrantAppliesToWhatFollows() throws Exception {
        Participant alice = join(KEY, "alice", new Events(), allBut(RoomPrivilege.SEND_VIDEO));
        assertThatThrownBy(() -> sfu.publish(alice, StreamType.MAIN, OFFER, false, false))
                .isInstanceOf(RoomException.class);
        sfu.updateGrant(alice, Grant.ALL);
        sfu.publish(alice, StreamType.MAIN, OFFER, false, false);
    }

    @Test
    void aFullRoomRefusesANewUserButNotATakeover() throws Exception {
        join("a", new Events());
        join("b", new Events());
        join("c", new Events());

        assertThatThrownBy(() -> join("d", new Events()))
                .isInstanceOfSatisfying(RoomException.class,
                        e -> assertThat(e.reason()).isEqualTo(RoomException.Reason.JOIN_REFUSED))
                .hasMessageContaining("full").hasMessageContaining("3 users");
        assertThat(join("c", new Events()).room().size()).isEqualTo(3);
    }

    @Test
    void publisherLimitRefusesTheThirdPublisher() throws Exception {
        sfu.publish(join("a", new Events()), StreamType.MAIN, OFFER, false, false);
        sfu.publish(join("b", new Events()), StreamType.MAIN, OFFER, false, false);
        Participant c = join("c", new Events());

        assertThatThrownBy(() -> sfu.publish(c, StreamType.MAIN, OFFER, false, false))
                .isInstanceOfSatisfying(RoomException.class,
                        e -> assertThat(e.reason()).isEqualTo(RoomException.Reason.NOT_ALLOWED))
                .hasMessageContaining("2 publishers");
        assertThat(media.openedUplinks).isEqualTo(2);
    }

    @Test
    void aJoinWithoutCreateRoomCreatesNoRoomButEntersAnExistingOne() throws Exception {
        Grant enterOnly = grant(RoomPrivilege.ENTER_ROOM);

        assertThatThrownBy(() -> join(KEY, "alice", new Events(), enterOnly))
                .isInstanceOfSatisfying(RoomException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RoomException.Reason.JOIN_REFUSED);
                    assertThat(e.details()).containsEntry("privilege", "CREATE_ROOM");
                })
                .hasMessageContaining("may not create it");
        assertThat(sfu.roomCount()).isZero();

        join("bob", new Events());
        assertThat(join(KEY, "alice", new Events(), enterOnly).room().size()).isEqualTo(2);
    }

    @Test
    void aJoinWithoutEnterRoomIsRefusedEvenWhenTheRoomExists() throws Exception {
        join("bob", new Events());

        assertThatThrownBy(() -> join(KEY, "alice", new Events(), allBut(RoomPrivilege.ENTER_ROOM)))
                .isInstanceOfSatisfying(RoomException.class,
                        e -> assertThat(e.details()).containsEntry("privilege", "ENTER_ROOM"));
        assertThat(sfu.room(KEY).size()).isEqualTo(1);
    }

    @Test
    void twoAppsWithTheSameRoomIdAndUserIdNeverMeet() throws Exception {
        Events appA = new Events();
        Events appB = new Events();
        Participant a = join(new RoomKey(1, ROOM), "alice", appA, Grant.ALL);
        sfu.publish(a, StreamType.MAIN, OFFER, false, false);
        Participant b = join(new RoomKey(2, ROOM), "alice", appB, Grant.ALL);

        assertThat(appA.bannedReason).isNull();
        assertThat(appA.events).isEmpty();
        assertThat(appB.events).isEmpty(); // no stream-added, no peer-join from app 1
        assertThat(b.room()).isNotSameAs(a.room());
        assertThat(sfu.roomCount()).isEqualTo(2);
        assertThatThrownBy(() -> sfu.subscribe(b, "s1", true, true))
                .isInstanceOfSatisfying(RoomException.class,
                        e -> assertThat(e.reason()).isEqualTo(RoomException.Reason.NO_SUCH_STREAM));
    }

    @Test
    void roomLimitsCountPerApp() throws Exception {
        join("a", new Events());
        join("b", new Events());
        join("c", new Events());

        assertThat(join(new RoomKey(2, ROOM), "d", new Events(), Grant.ALL).room().size()).isEqualTo(1);
    }

    @Test
    void publishingNeedsTheSendPrivilegeOfEachKind() throws Exception {
        for (RoomPrivilege missing : List.of(RoomPrivilege.SEND_AUDIO, RoomPrivilege.SEND_VIDEO)) {
            Participant p = join(KEY, "p" + missing.bit(), new Events(), allBut(missing));
            assertThatThrownBy(() -> sfu.publish(p, StreamType.MAIN, OFFER, false, false))
                    .isInstanceOfSatisfying(RoomException.class, e -> {
                        assertThat(e.reason()).isEqualTo(RoomException.Reason.NOT_ALLOWED);
                        assertThat(e.details()).containsEntry("privilege", missing.name());
                    }).hasMessageContaining(missing.name());
        }
        Participant screen = join(KEY, "screen", new Events(), allBut(RoomPrivilege.SEND_SCREEN));
        sfu.publish(screen, StreamType.MAIN, OFFER, false, false);
        assertThatThrownBy(() -> sfu.publish(screen, StreamType.AUXILIARY, OFFER, false, false))
                .isInstanceOfSatisfying(RoomException.class,
                        e -> assertThat(e.details()).containsEntry("privilege", "SEND_SCREEN"));
        assertThat(media.closedUplinks).isEqualTo(3);
    }

    @Test
    void subscribingNeedsTheReceivePrivilegeOfEachKindAsked() throws Exception {
        Participant alice = join("alice", new Events());
        String stream = sfu.publish(alice, StreamType.MAIN, OFFER, false, false).streamId();
        Participant deaf = join(KEY, "deaf", new Events(), allBut(RoomPrivilege.RECEIVE_AUDIO));

        assertThatThrownBy(() -> sfu.subscribe(deaf, stream, true, true))
                .isInstanceOfSatisfying(RoomException.class,
                        e -> assertThat(e.details()).containsEntry("privilege", "RECEIVE_AUDIO"))
                .hasMessageContaining("{audio: false}");
        assertThat(sfu.subscribe(deaf, stream, false, true)).isEqualTo("offer");

        Participant blind = join(KEY, "blind", new Events(), allBut(RoomPrivilege.RECEIVE_VIDEO));
        assertThatThrownBy(() -> sfu.subscribe(blind, stream, true, true))
                .isInstanceOfSatisfying(RoomException.class,
                        e -> assertThat(e.details()).containsEntry("privilege", "RECEIVE_VIDEO"));
        assertThat(sfu.subscribe(blind, stream, true, false)).isEqualTo("offer");
    }

    /** Uplinks and downlinks that negotiate nothing. */
    static final class FakeMedia implements MediaPlane {
        int openedUplinks;
        int closedUplinks;
        final List<String> sourcesGone = new ArrayList<>();

        @Override
        public Uplink openUplink(String label, SessionDescription offer, DeathListener listener) {
            openedUplinks++;
            return new Uplink() {
                @Override
                public String answerSdp() {
                    return "answer";
                }

                @Override
                public String restartIce(SessionDescription offer) {
                    return "restarted answer";
                }

                @Override
                public boolean hasAudio() {
                    return true;
                }

                @Override
                public boolean hasVideo() {
                    return true;
                }

                @Override
                public List<dev.parley.sfu.TrackSource> layers(dev.parley.media.sdp.MediaKind kind) {
                    return List.of(); // no downlink here forwards anything
                }

                @Override
                public void close() {
                    closedUplinks++;
                }
            };
        }

        @Override
        public Downlink openDownlink(String label, DeathListener listener) {
            return new Downlink() {
                @Override
                public String subscribe(String streamId, Uplink source, boolean audio, boolean video) {
                    return "offer";
                }

                @Override
                public String restartIce() {
                    return "restarted offer";
                }

                @Override
                public String unsubscribe(String streamId) {
                    return "offer";
                }

                @Override
                public void sourceGone(String streamId) {
                    sourcesGone.add(streamId);
                }

                @Override
                public void setVideoStreamType(String streamId, boolean small) {
                }

                @Override
                public void applyAnswer(SessionDescription answer) {
                }

                @Override
                public boolean offerPending() {
                    return false;
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
