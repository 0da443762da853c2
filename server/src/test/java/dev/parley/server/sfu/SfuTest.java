package dev.parley.server.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.auth.JoinAuthenticator;
import dev.parley.server.config.RoomLimits;
import dev.parley.server.signal.ErrorCode;
import dev.parley.server.signal.SignalException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Room bookkeeping of the {@link Sfu} with the media plane and the UserSig check replaced by fakes
 * (the real ones are exercised through the WebSocket in SignalingIT).
 */
class SfuTest {
    private static final RoomId ROOM = new RoomId(true, "1234");

    private final FakeMedia media = new FakeMedia();
    private Sfu sfu = new Sfu((app, user, sig, room) -> JoinAuthenticator.Grant.ALL, media, new RoomLimits(3, 2));

    /** What one client was told. */
    static final class Events implements PeerEvents {
        final List<String> names = new ArrayList<>();
        final List<Object> data = new ArrayList<>();
        String bannedReason;

        @Override
        public void event(String name, Object payload) {
            names.add(name);
            data.add(payload);
        }

        @Override
        public void banned(String reason, String message) {
            bannedReason = reason;
            names.add("client-banned");
            data.add(message);
        }
    }

    private Participant join(String user, Events events) throws SignalException {
        Participant p = sfu.join(1, user, "sig", ROOM, Participant.Role.ANCHOR, events);
        sfu.announceRoomTo(p);
        return p;
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
        assertThat(sfu.room(ROOM)).isNull();
    }

    @Test
    void takeoverOfTheOnlyUserKeepsTheRoomForTheNewClient() throws Exception {
        Events first = new Events();
        join("alice", first);
        Events second = new Events();
        Participant alice2 = join("alice", second);

        assertThat(first.bannedReason).isEqualTo("kick");
        assertThat(sfu.roomCount()).isEqualTo(1);
        assertThat(sfu.room(ROOM)).isSameAs(alice2.room());

        Events bobEvents = new Events();
        Participant bob = join("bob", bobEvents);

        assertThat(bob.room()).isSameAs(alice2.room());
        assertThat(bobEvents.names).containsExactly("peer-join");
        assertThat(bobEvents.data).containsExactly(Map.of("userId", "alice"));
        assertThat(second.names).containsExactly("peer-join");
    }

    @Test
    void takeoverIsInvisibleToTheOthersButRemovesTheOldStreams() throws Exception {
        Events bobEvents = new Events();
        join("bob", bobEvents);
        Participant alice = join("alice", new Events());
        sfu.publish(alice, StreamType.MAIN, "offer", false, false);
        bobEvents.names.clear();

        join("alice", new Events());

        assertThat(bobEvents.names).containsExactly("stream-removed");
        assertThat(media.closedUplinks).isEqualTo(1);
        assertThat(sfu.room(ROOM).size()).isEqualTo(2);
    }

    @Test
    void leavingTwiceIsHarmless() throws Exception {
        Events bobEvents = new Events();
        join("bob", bobEvents);
        Participant alice = join("alice", new Events());

        sfu.leave(alice, "leave");
        sfu.leave(alice, "connection closed");

        assertThat(bobEvents.names).containsExactly("peer-join", "peer-leave");
    }

    @Test
    void aFullRoomRefusesANewUserButNotATakeover() throws Exception {
        join("a", new Events());
        join("b", new Events());
        join("c", new Events());

        assertThatThrownBy(() -> join("d", new Events()))
                .isInstanceOfSatisfying(SignalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.JOIN_ROOM_FAILED))
                .hasMessageContaining("full").hasMessageContaining("3 users");
        assertThat(join("c", new Events()).room().size()).isEqualTo(3);
    }

    @Test
    void publisherLimitRefusesTheThirdPublisher() throws Exception {
        sfu.publish(join("a", new Events()), StreamType.MAIN, "offer", false, false);
        sfu.publish(join("b", new Events()), StreamType.MAIN, "offer", false, false);
        Participant c = join("c", new Events());

        assertThatThrownBy(() -> sfu.publish(c, StreamType.MAIN, "offer", false, false))
                .isInstanceOfSatisfying(SignalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPERATION))
                .hasMessageContaining("2 publishers");
        assertThat(media.openedUplinks).isEqualTo(2);
    }

    @Test
    void aFailedJoinCreatesNoRoom() {
        sfu = new Sfu((app, user, sig, room) -> {
            throw new SignalException(ErrorCode.JOIN_ROOM_FAILED, "UserSig expired");
        }, media, RoomLimits.DEFAULT);

        assertThatThrownBy(() -> join("alice", new Events())).hasMessage("UserSig expired");
        assertThat(sfu.roomCount()).isZero();
    }

    /** Uplinks and downlinks that negotiate nothing. */
    static final class FakeMedia implements MediaPlane {
        int openedUplinks;
        int closedUplinks;

        @Override
        public Uplink openUplink(String label, String offerSdp, DeathListener listener) {
            openedUplinks++;
            return new Uplink() {
                @Override
                public String answerSdp() {
                    return "answer";
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
                public void close() {
                    closedUplinks++;
                }
            };
        }

        @Override
        public Downlink openDownlink(String label, DeathListener listener) {
            throw new UnsupportedOperationException("not needed here");
        }
    }
}
