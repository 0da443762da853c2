package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7983 §7: the first byte of a datagram on the shared port says which protocol it carries. */
class PacketKindTest {

    @ParameterizedTest(name = "first byte {0} is {1}")
    @CsvSource({
        // STUN: 0..3
        "0, STUN", "1, STUN", "3, STUN",
        // 4..19: ZRTP (16..19) and the unassigned rest; not ours
        "4, UNKNOWN", "16, UNKNOWN", "19, UNKNOWN",
        // DTLS: 20..63 (change_cipher_spec 20, alert 21, handshake 22, application_data 23)
        "20, DTLS", "22, DTLS", "23, DTLS", "63, DTLS",
        // 64..79 TURN channels, 80..127 unassigned: not ours
        "64, UNKNOWN", "79, UNKNOWN", "80, UNKNOWN", "127, UNKNOWN",
        // RTP/RTCP: 128..191 (version 2 in the top two bits)
        "128, RTP_OR_RTCP", "144, RTP_OR_RTCP", "191, RTP_OR_RTCP",
        // 192..255: version 3, not ours
        "192, UNKNOWN", "255, UNKNOWN",
    })
    void theFirstByteDecidesTheKindAtEveryBoundary(int firstByte, PacketKind expected) {
        assertThat(PacketKind.of((byte) firstByte)).isEqualTo(expected);
    }

    @Test
    void everyByteValueFallsInExactlyTheRangesOfRfc7983() {
        for (int b = 0; b < 256; b++) {
            PacketKind expected = b <= 3 ? PacketKind.STUN
                    : b >= 20 && b <= 63 ? PacketKind.DTLS
                    : b >= 128 && b <= 191 ? PacketKind.RTP_OR_RTCP
                    : PacketKind.UNKNOWN;
            assertThat(PacketKind.of((byte) b)).as("first byte %d", b).isEqualTo(expected);
        }
    }

    @Test
    void aNegativeJavaByteIsReadAsUnsigned() {
        // 0x80, the first byte of every RTP packet without padding, extension or CSRCs, is -128 in Java.
        assertThat(PacketKind.of((byte) 0x80)).isEqualTo(PacketKind.RTP_OR_RTCP);
        assertThat(PacketKind.of((byte) -1)).isEqualTo(PacketKind.UNKNOWN);
    }
}
