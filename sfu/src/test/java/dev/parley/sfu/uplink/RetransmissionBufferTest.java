package dev.parley.sfu.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetransmissionBufferTest {

    /** Stores a packet whose bytes all equal the low byte of its sequence number. */
    private static void store(RetransmissionBuffer buffer, int seq, int length) {
        byte[] slot = buffer.slot(seq);
        Arrays.fill(slot, 0, length, (byte) seq);
        buffer.commit(seq, length);
    }

    private static byte[] read(RetransmissionBuffer buffer, int seq) {
        int length = buffer.length(seq);
        return length < 0 ? null : Arrays.copyOf(buffer.stored(seq), length);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 6, 1000, -8})
    void capacityMustBeAPowerOfTwo(int capacity) {
        assertThatThrownBy(() -> new RetransmissionBuffer(capacity))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Integer.toString(capacity));
    }

    @Test
    void storedPacketIsFoundByItsSequenceNumberWithItsBytes() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(16);

        store(buffer, 100, 40);
        store(buffer, 101, 1200);

        assertThat(buffer.length(100)).isEqualTo(40);
        assertThat(read(buffer, 100)).containsOnly((byte) 100).hasSize(40);
        assertThat(buffer.length(101)).isEqualTo(1200);
        assertThat(read(buffer, 101)).containsOnly((byte) 101);
    }

    @Test
    void emptyBufferHasNothingNotEvenSequenceZero() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(8);

        for (int seq : new int[] {0, 1, 7, 8, 65535}) {
            assertThat(buffer.contains(seq)).isFalse();
            assertThat(buffer.length(seq)).isEqualTo(-1);
        }
    }

    @Test
    void packetsAcrossTheSequenceWrapAreAllKept() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(8);

        for (int seq : new int[] {65533, 65534, 65535, 0, 1, 2}) {
            store(buffer, seq, 20);
        }

        for (int seq : new int[] {65533, 65534, 65535, 0, 1, 2}) {
            assertThat(buffer.length(seq)).as("seq %d", seq).isEqualTo(20);
            assertThat(read(buffer, seq)).containsOnly((byte) seq);
        }
    }

    @Test
    void theOldestPacketIsEvictedWhenCapacityPacketsFollowIt() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(8);
        for (int seq = 0; seq < 8; seq++) {
            store(buffer, seq, 10);
        }

        store(buffer, 8, 10);

        assertThat(buffer.contains(0)).isFalse();
        assertThat(buffer.length(0)).isEqualTo(-1);
        for (int seq = 1; seq <= 8; seq++) {
            assertThat(buffer.contains(seq)).isTrue();
        }
    }

    @Test
    void evictionAcrossTheWrapDropsThePacketFromTheLastCycle() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(4);
        store(buffer, 65535, 10); // slot 3

        store(buffer, 3, 11);     // the same slot, one cycle later

        assertThat(buffer.length(65535)).isEqualTo(-1);
        assertThat(buffer.length(3)).isEqualTo(11);
    }

    @Test
    void aPacketStoredOnceIsRecognisedAsADuplicate() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(16);

        assertThat(buffer.contains(42)).isFalse();
        store(buffer, 42, 10);

        assertThat(buffer.contains(42)).isTrue();
        assertThat(buffer.contains(43)).isFalse();
        assertThat(buffer.contains(42 + 16)).isFalse(); // same slot, different packet
    }

    @Test
    void reservingASlotInvalidatesItsOldPacketUntilCommitted() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(4);
        store(buffer, 1, 10);

        buffer.slot(5); // same slot as 1, being overwritten

        assertThat(buffer.contains(1)).isFalse();
        assertThat(buffer.contains(5)).isFalse();
        buffer.commit(5, 12);
        assertThat(buffer.length(5)).isEqualTo(12);
    }

    @Test
    void aSlotHoldsTheLargestWebRtcPacket() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(2);

        assertThat(buffer.slot(0)).hasSize(RetransmissionBuffer.SLOT_BYTES);
        assertThat(RetransmissionBuffer.SLOT_BYTES).isGreaterThanOrEqualTo(1200);
    }

    @Test
    void theAudioLevelIsKeptBesideItsPacketAndGoesWithIt() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(4);
        buffer.slot(1);
        buffer.commit(1, 20, 0xFF); // V=1, -127 dBov: the whole byte range must survive
        buffer.slot(2);
        buffer.commit(2, 20, 0);
        store(buffer, 3, 20);

        assertThat(buffer.audioLevel(1)).isEqualTo(0xFF);
        assertThat(buffer.audioLevel(2)).isEqualTo(0);
        assertThat(buffer.audioLevel(3)).isEqualTo(-1);
        assertThat(buffer.audioLevel(9)).isEqualTo(-1); // never stored
        store(buffer, 5, 20); // takes the slot of 1
        assertThat(buffer.audioLevel(1)).isEqualTo(-1);
        assertThat(buffer.audioLevel(5)).isEqualTo(-1);
    }
}
