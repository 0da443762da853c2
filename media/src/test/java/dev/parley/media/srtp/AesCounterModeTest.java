package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AesCounterModeTest {
    // RFC 3711 Appendix B.2
    private static final byte[] SESSION_KEY = Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C");
    private static final byte[] SESSION_SALT = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");

    @Test
    void producesTheRfc3711AppendixB2Keystream() {
        AesCounterMode counterMode = new AesCounterMode(SESSION_KEY, SESSION_SALT);
        byte[] keystream = new byte[0xFF02 * 16];

        counterMode.apply(0, 0, keystream, 0, keystream.length);

        assertThat(block(keystream, 0x0000)).isEqualTo("e03ead0935c95e80e166b16dd92b4eb4");
        assertThat(block(keystream, 0x0001)).isEqualTo("d23513162b02d0f72a43a2fe4a5f97ab");
        assertThat(block(keystream, 0x0002)).isEqualTo("41e95b3bb0a2e8dd477901e4fca894c0");
        assertThat(block(keystream, 0xFEFF)).isEqualTo("ec8cdf7398607cb0f2d21675ea9ea1e4");
        assertThat(block(keystream, 0xFF00)).isEqualTo("362b7c3c6773516318a077d7fc5073ae");
        assertThat(block(keystream, 0xFF01)).isEqualTo("6a2cc3787889374fbeb4c81b17ba6c44");
    }

    @Test
    void smallAndLargePayloadPathsProduceTheSameKeystream() {
        AesCounterMode counterMode = new AesCounterMode(SESSION_KEY, SESSION_SALT);
        byte[] reference = new byte[5000];
        counterMode.apply(0x12345678, 0x0000_0001_ABCDL, reference, 0, reference.length);

        for (int len = 0; len <= 3 * AesCounterMode.SMALL_PAYLOAD; len++) {
            byte[] buf = new byte[len + 7];
            counterMode.apply(0x12345678, 0x0000_0001_ABCDL, buf, 3, len);
            assertThat(Arrays.copyOfRange(buf, 3, 3 + len)).as("length %d", len)
                    .isEqualTo(Arrays.copyOf(reference, len));
            assertThat(buf[0]).isZero();
            assertThat(buf[len + 3]).isZero();
        }
    }

    @Test
    void keystreamDependsOnSsrcAndIndexAndUndoesItself() {
        AesCounterMode counterMode = new AesCounterMode(SESSION_KEY, SESSION_SALT);
        byte[] a = new byte[300];
        byte[] b = new byte[300];
        byte[] c = new byte[300];
        counterMode.apply(1, 7, a, 0, 300);
        counterMode.apply(2, 7, b, 0, 300);
        counterMode.apply(1, 8, c, 0, 300);

        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
        counterMode.apply(1, 7, a, 0, 300);
        assertThat(a).containsOnly(0);
    }

    private static String block(byte[] keystream, int counter) {
        return Hex.string(keystream, counter * 16, 16);
    }
}
