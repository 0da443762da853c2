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

    @Test
    void aCopyGivesTheStoredPacketItsLengthAndItsAudioLevel() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(16);
        byte[] slot = buffer.slot(7);
        Arrays.fill(slot, 0, 50, (byte) 7);
        buffer.commit(7, 50, 0x7F);
        store(buffer, 8, 30);
        byte[] dest = new byte[RetransmissionBuffer.SLOT_BYTES];

        int copied = buffer.copy(7, dest);
        assertThat(dev.parley.sfu.TrackSource.copiedLength(copied)).isEqualTo(50);
        assertThat(dev.parley.sfu.TrackSource.copiedAudioLevel(copied)).isEqualTo(0x7F);
        assertThat(Arrays.copyOf(dest, 50)).containsOnly((byte) 7);
        assertThat(dev.parley.sfu.TrackSource.copiedAudioLevel(buffer.copy(8, dest))).isEqualTo(-1);
        assertThat(buffer.copy(9, dest)).as("never stored").isEqualTo(-1);
        assertThat(buffer.copy(7 + 16, dest)).as("another packet's slot").isEqualTo(-1);
    }

    @Test
    void aPacketBeingWrittenOrAbandonedIsNotCopied() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(16);
        store(buffer, 3, 40);
        byte[] dest = new byte[RetransmissionBuffer.SLOT_BYTES];
        buffer.slot(19); // the same slot, a newer packet begun and never committed (dropped as malformed)
        assertThat(buffer.copy(3, dest)).isEqualTo(-1);
        assertThat(buffer.copy(19, dest)).isEqualTo(-1);
        store(buffer, 35, 20);
        assertThat(dev.parley.sfu.TrackSource.copiedLength(buffer.copy(35, dest))).isEqualTo(20);
    }

    @Test
    void copiesOnAnotherThreadWhileTheSlotsAreRewrittenAreWholeOrRefused() throws Exception {
        // The writer rewrites 4 slots as fast as it can, each packet all of one byte (its sequence number) and as
        // long as (seq % 100) + 100; a reader copies what it asks for. Every copy it gets must be one packet
        // whole: the right length, every byte the same. A torn copy (two packets mixed) fails.
        RetransmissionBuffer buffer = new RetransmissionBuffer(4);
        java.util.concurrent.atomic.AtomicInteger newest = new java.util.concurrent.atomic.AtomicInteger(-1);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int seq = 0; !stop.get(); seq = (seq + 1) & 0xFFFF) {
                byte[] slot = buffer.slot(seq);
                int length = seq % 100 + 100;
                Arrays.fill(slot, 0, length / 2, (byte) seq);
                for (int spin = 0; spin < 20; spin++) {
                    Thread.onSpinWait(); // a writer that takes its time over one packet, as a slow core might
                }
                Arrays.fill(slot, length / 2, length, (byte) seq);
                buffer.commit(seq, length);
                newest.set(seq);
            }
        }, "buffer-writer");
        writer.start();
        byte[] dest = new byte[RetransmissionBuffer.SLOT_BYTES];
        int whole = 0;
        try {
            while (newest.get() < 0) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < 2_000_000; i++) {
                // Every other copy from the slot the writer takes next (torn if anything is), the others from
                // the newest but one (whole as a rule, so the test sees copies succeed, not only refusals).
                int seq = Math.max(0, newest.get() - ((i & 1) == 0 ? 3 : 1));
                int copied = buffer.copy(seq, dest);
                if (copied < 0) {
                    continue;
                }
                int length = dev.parley.sfu.TrackSource.copiedLength(copied);
                assertThat(length).isEqualTo(seq % 100 + 100);
                for (int b = 0; b < length; b++) {
                    if (dest[b] != (byte) seq) {
                        throw new AssertionError("torn copy of packet " + seq + " at byte " + b);
                    }
                }
                whole++;
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(whole).as("copies that succeeded").isPositive();
    }
}
