package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.media.PayloadStamp;
import org.junit.jupiter.api.Test;

class ReceiveCountingTest {
    private static byte[] packet(int seq, boolean marker, int counter, long sentMicros) {
        byte[] p = new byte[12 + 100];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | 96);
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        PayloadStamp.write(p, 12, 100, counter, sentMicros);
        return p;
    }

    private static void receive(StreamCounters c, int seq, long now) {
        byte[] p = packet(seq, true, seq, 1000);
        c.onPacket(1, p, p.length, 12, 100, true, now);
    }

    @Test
    void lossIsCountedFromSequenceGapsAcrossTheWrap() {
        StreamCounters c = new StreamCounters();
        for (int seq : new int[] {65533, 65534, 0, 1, 3, 4}) { // 65535 and 2 lost
            receive(c, seq, 2000);
        }
        ReceiveStats s = c.snapshot();
        assertThat(s.packets()).isEqualTo(6);
        assertThat(s.lost()).isEqualTo(2);
        assertThat(s.videoFrames()).isEqualTo(6);
        assertThat(s.checked()).isEqualTo(6);
        assertThat(s.damaged()).isZero();
        assertThat(s.lossRatio()).isEqualTo(0.25);
    }

    @Test
    void aLatePacketIsNotLostAndAResetStartsAfresh() {
        StreamCounters c = new StreamCounters();
        receive(c, 10, 2000);
        receive(c, 12, 2000);
        receive(c, 11, 2000);
        assertThat(c.snapshot().lost()).isZero();

        c.reset();
        receive(c, 14, 2000); // 13 lost after the reset
        assertThat(c.snapshot().packets()).isEqualTo(1);
        assertThat(c.snapshot().lost()).isEqualTo(1);
    }

    @Test
    void latencyPercentilesComeFromTheStamps() {
        StreamCounters c = new StreamCounters();
        for (int i = 0; i < 100; i++) {
            byte[] p = packet(i, false, i, 1_000_000);
            c.onPacket(0, p, p.length, 12, 100, true, 1_000_000 + (i < 98 ? 500 : 20_000));
        }
        ReceiveStats s = c.snapshot();
        assertThat(s.latencyP50Micros()).isBetween(470L, 530L);
        assertThat(s.latencyP99Micros()).isBetween(19_000L, 20_000L);
        assertThat(s.latencyMaxMicros()).isEqualTo(20_000);
    }

    @Test
    void aDamagedPayloadIsCounted() {
        StreamCounters c = new StreamCounters();
        byte[] p = packet(1, false, 1, 0);
        p[12 + 50] ^= 0x40;
        c.onPacket(0, p, p.length, 12, 100, true, 10);
        assertThat(c.snapshot().damaged()).isEqualTo(1);
    }
}
