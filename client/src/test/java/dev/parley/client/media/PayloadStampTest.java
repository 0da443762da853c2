package dev.parley.client.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PayloadStampTest {
    @Test
    void aStampedPayloadReadsBackItsCounterAndSendTimeAndIsIntact() {
        byte[] p = new byte[200];
        PayloadStamp.write(p, 0, p.length, 77, 1_765_000_000_123_456L);

        assertThat(PayloadStamp.isStamped(p, 0, p.length)).isTrue();
        assertThat(PayloadStamp.counter(p, 0, p.length)).isEqualTo(77);
        assertThat(PayloadStamp.sendMicros(p, 0, p.length)).isEqualTo(1_765_000_000_123_456L);
        assertThat(PayloadStamp.isIntact(p, 0, p.length)).isTrue();
    }

    @Test
    void oneChangedByteIsDamageButTheCodecHeaderAllowanceIsNot() {
        byte[] p = new byte[100];
        PayloadStamp.write(p, 0, p.length, 5, 1);
        p[3] ^= 1; // within the codec header allowance: not checked
        assertThat(PayloadStamp.isIntact(p, 0, p.length)).isTrue();
        p[40] ^= 1;
        assertThat(PayloadStamp.isIntact(p, 0, p.length)).isFalse();
    }

    @Test
    void anUnstampedPayloadIsNotTakenForOne() {
        assertThat(PayloadStamp.isStamped(new byte[100], 0, 100)).isFalse();
        assertThat(PayloadStamp.isStamped(new byte[10], 0, 10)).isFalse();
    }

    @Test
    void aPayloadTooSmallForAStampIsRefused() {
        assertThatThrownBy(() -> PayloadStamp.write(new byte[20], 0, 20, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32");
    }
}
