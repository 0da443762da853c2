package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportLayerNackTest {
    @Test
    void expandsPidAndBitmaskToSequenceNumbers() throws Exception {
        TransportLayerNack nack = TransportLayerNack.parse(RtcpVectors.NACK, 0, RtcpVectors.NACK.length);

        assertThat(nack.senderSsrc()).isEqualTo(1);
        assertThat(nack.mediaSsrc()).isEqualTo(2);
        assertThat(nack.pairs()).containsExactly(new TransportLayerNack.NackPair(1000, 0x0005));
        assertThat(nack.lostSequenceNumbers()).containsExactly(1000, 1001, 1003);
        List<Integer> seen = new ArrayList<>();
        nack.forEachLost(seen::add);
        assertThat(seen).containsExactly(1000, 1001, 1003);
    }

    @Test
    void buildsTheShortestPairListFromSequenceNumbers() {
        TransportLayerNack nack = TransportLayerNack.of(1, 2, 1003, 1000, 1001, 1000, 1016, 1017);

        // BLP covers PID+1..PID+16 (RFC 4585 §6.2.1): 1001, 1003 and 1016 fit, 1017 starts a new pair
        assertThat(nack.pairs()).containsExactly(
                new TransportLayerNack.NackPair(1000, 0x8005),
                new TransportLayerNack.NackPair(1017, 0));
        assertThat(nack.toBytes()).hasSize(20);
        assertThat(TransportLayerNack.of(1, 2, 1000, 1001, 1003).toBytes()).isEqualTo(RtcpVectors.NACK);
    }

    @Test
    void buildsAcrossTheSequenceNumberWrap() {
        TransportLayerNack nack = TransportLayerNack.of(1, 2, 1, 65535, 0);
        assertThat(nack.pairs()).containsExactly(new TransportLayerNack.NackPair(65535, 0b11));
        assertThat(nack.lostSequenceNumbers()).containsExactly(65535, 0, 1);
    }

    @Test
    void rejectsAnEmptyFciAndEmptyInput() {
        byte[] empty = Hex.bytes("81cd0002 00000001 00000002");
        assertThatThrownBy(() -> TransportLayerNack.parse(empty, 0, empty.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("NACK");
        assertThatThrownBy(() -> TransportLayerNack.of(1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransportLayerNack.of(1, 2, 70000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void feedbackWithoutItsSsrcsIsMalformed() {
        byte[] buf = Hex.bytes("81cd0001 00000001");
        assertThatThrownBy(() -> TransportLayerNack.parse(buf, 0, buf.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("SSRCs");
    }
}
