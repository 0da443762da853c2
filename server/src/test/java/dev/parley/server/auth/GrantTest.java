package dev.parley.server.auth;

import static dev.parley.usersig.RoomPrivilege.CREATE_ROOM;
import static dev.parley.usersig.RoomPrivilege.ENTER_ROOM;
import static dev.parley.usersig.RoomPrivilege.RECEIVE_AUDIO;
import static dev.parley.usersig.RoomPrivilege.RECEIVE_VIDEO;
import static dev.parley.usersig.RoomPrivilege.SEND_AUDIO;
import static dev.parley.usersig.RoomPrivilege.SEND_VIDEO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.auth.JoinAuthenticator.Grant;
import dev.parley.usersig.RoomPrivilege;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a verified user may do in its room: TRTC's privilege bits as an immutable set. */
class GrantTest {

    @Test
    void allHasEveryPrivilege() {
        for (RoomPrivilege p : RoomPrivilege.values()) {
            assertThat(Grant.ALL.has(p)).as("%s", p).isTrue();
        }
        assertThat(Grant.ALL.privileges()).hasSize(RoomPrivilege.values().length);
    }

    @Test
    void hasIsTrueForExactlyTheGrantedPrivileges() {
        Grant grant = new Grant(EnumSet.of(ENTER_ROOM, RECEIVE_AUDIO));

        for (RoomPrivilege p : RoomPrivilege.values()) {
            assertThat(grant.has(p)).as("%s", p).isEqualTo(p == ENTER_ROOM || p == RECEIVE_AUDIO);
        }
    }

    @Test
    void andIsTheIntersection() {
        Grant a = new Grant(EnumSet.of(ENTER_ROOM, SEND_AUDIO, RECEIVE_AUDIO, SEND_VIDEO));
        Grant b = new Grant(EnumSet.of(ENTER_ROOM, RECEIVE_AUDIO, RECEIVE_VIDEO, CREATE_ROOM));

        assertThat(a.and(b).privileges()).containsExactlyInAnyOrder(ENTER_ROOM, RECEIVE_AUDIO);
        assertThat(b.and(a)).isEqualTo(a.and(b));
    }

    @Test
    void allIsTheNeutralElementOfAndAndNothingAbsorbsIt() {
        Grant some = new Grant(EnumSet.of(ENTER_ROOM, RECEIVE_VIDEO));
        Grant nothing = new Grant(Set.of());

        assertThat(some.and(Grant.ALL)).isEqualTo(some);
        assertThat(Grant.ALL.and(some)).isEqualTo(some);
        assertThat(some.and(nothing).privileges()).isEmpty();
        assertThat(Grant.ALL.and(nothing)).isEqualTo(nothing);
    }

    @Test
    void andLeavesBothOperandsAsTheyWere() {
        Grant a = new Grant(EnumSet.of(ENTER_ROOM, SEND_AUDIO));
        Grant b = new Grant(EnumSet.of(ENTER_ROOM, RECEIVE_AUDIO));

        a.and(b);

        assertThat(a.privileges()).containsExactlyInAnyOrder(ENTER_ROOM, SEND_AUDIO);
        assertThat(b.privileges()).containsExactlyInAnyOrder(ENTER_ROOM, RECEIVE_AUDIO);
    }

    @Test
    void aGrantIsACopyItsCreatorCannotChangeAndCannotBeChangedThroughItsSet() {
        Set<RoomPrivilege> source = new HashSet<>(Set.of(ENTER_ROOM, RECEIVE_AUDIO));
        Grant grant = new Grant(source);

        source.add(SEND_VIDEO);
        source.remove(ENTER_ROOM);

        assertThat(grant.privileges()).containsExactlyInAnyOrder(ENTER_ROOM, RECEIVE_AUDIO);
        assertThatThrownBy(() -> grant.privileges().add(SEND_AUDIO)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Grant.ALL.privileges().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Grant.ALL.privileges()).hasSize(RoomPrivilege.values().length);
    }

    @Test
    void anEmptyGrantMayBeMadeFromAnyEmptySet() {
        // EnumSet.copyOf refuses an empty collection that is not an EnumSet: the grant must not.
        assertThat(new Grant(new HashSet<>()).privileges()).isEmpty();
        assertThat(new Grant(EnumSet.noneOf(RoomPrivilege.class)).has(ENTER_ROOM)).isFalse();
    }

    @Test
    void grantsWithTheSamePrivilegesAreEqual() {
        assertThat(new Grant(EnumSet.of(ENTER_ROOM, SEND_AUDIO))).isEqualTo(new Grant(Set.of(SEND_AUDIO, ENTER_ROOM)))
                .hasSameHashCodeAs(new Grant(new HashSet<>(Set.of(ENTER_ROOM, SEND_AUDIO))));
    }
}
