package dev.parley.media.stun;

import static dev.parley.media.stun.Rfc5769Samples.IPV4_RESPONSE;
import static dev.parley.media.stun.Rfc5769Samples.IPV6_RESPONSE;
import static dev.parley.media.stun.Rfc5769Samples.LONG_TERM_REQUEST;
import static dev.parley.media.stun.Rfc5769Samples.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input: every failure is the checked StunParseException, and tampering never verifies. */
class StunMessageParseTest {
    private static final List<byte[]> SAMPLES = List.of(REQUEST, IPV4_RESPONSE, IPV6_RESPONSE, LONG_TERM_REQUEST);
    private static final TransactionId TX = new TransactionId(0x0102030405060708L, 0x090a0b0c);

    @Test
    void everyTruncationOfEverySampleIsRejected() {
        for (byte[] sample : SAMPLES) {
            for (int len = 0; len < sample.length; len++) {
                int cut = len;
                assertThatThrownBy(() -> StunMessage.parse(sample, 0, cut))
                        .as("sample truncated to %d bytes", cut)
                        .isInstanceOf(StunParseException.class);
                assertThat(StunMessage.peekUsername(sample, 0, cut)).isEmpty();
            }
        }
    }

    @Test
    void everySingleBitFlipIsRejectedOrFailsTheFingerprint() {
        for (byte[] sample : List.of(REQUEST, IPV4_RESPONSE, IPV6_RESPONSE)) {
            for (int bit = 0; bit < sample.length * 8; bit++) {
                byte[] flipped = sample.clone();
                flipped[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
                StunMessage parsed;
                try {
                    parsed = StunMessage.parse(flipped, 0, flipped.length);
                } catch (StunParseException expected) {
                    continue;
                }
                // CRC-32 detects every single-bit error, so a parsable flip never passes FINGERPRINT.
                assertThat(parsed.verifyFingerprint()).as("bit %d flipped", bit).isFalse();
            }
        }
    }

    @Test
    void everySingleBitFlipOfTheLongTermSampleFailsIntegrityOrParsing() {
        MessageIntegrity key = MessageIntegrity.longTerm(Rfc5769Samples.LONG_TERM_USERNAME,
                Rfc5769Samples.LONG_TERM_REALM, Rfc5769Samples.LONG_TERM_PASSWORD);
        for (int bit = 0; bit < LONG_TERM_REQUEST.length * 8; bit++) {
            byte[] flipped = LONG_TERM_REQUEST.clone();
            flipped[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            try {
                StunMessage parsed = StunMessage.parse(flipped, 0, flipped.length);
                // The HMAC covers everything before it, padding included, and its own value is compared.
                assertThat(parsed.verifyMessageIntegrity(key)).as("bit %d flipped", bit).isFalse();
            } catch (StunParseException expected) {
                // fine: rejected
            }
        }
    }

    @Test
    void oversizedLengthFieldIsRejected() {
        byte[] sample = IPV4_RESPONSE.clone();
        sample[2] = (byte) 0xFF;
        sample[3] = (byte) 0xFC;
        assertThatThrownBy(() -> StunMessage.parse(sample, 0, sample.length))
                .isInstanceOf(StunParseException.class).hasMessageContaining("length field");
        assertThat(StunMessage.peekUsername(sample, 0, sample.length)).isEmpty();
    }

    @Test
    void lengthFieldNotAMultipleOfFourIsRejected() {
        byte[] sample = IPV4_RESPONSE.clone();
        sample[3] = (byte) (sample[3] - 1);
        assertThatThrownBy(() -> StunMessage.parse(sample, 0, sample.length))
                .isInstanceOf(StunParseException.class).hasMessageContaining("multiple of 4");
    }

    @Test
    void trailingBytesAfterTheMessageAreRejected() {
        byte[] longer = Arrays.copyOf(IPV4_RESPONSE, IPV4_RESPONSE.length + 4);
        assertThatThrownBy(() -> StunMessage.parse(longer, 0, longer.length))
                .isInstanceOf(StunParseException.class);
    }

    @Test
    void attributeLengthOverrunningTheMessageIsRejected() {
        byte[] sample = IPV4_RESPONSE.clone();
        sample[22] = (byte) 0x7F; // SOFTWARE length 0x7F0B
        assertThatThrownBy(() -> StunMessage.parse(sample, 0, sample.length))
                .isInstanceOf(StunParseException.class).hasMessageContaining("overruns");
        byte[] request = REQUEST.clone();
        request[22] = (byte) 0xFF; // SOFTWARE length 0xFF10
        assertThat(StunMessage.peekUsername(request, 0, request.length)).isEmpty();
    }

    @Test
    void missingMagicCookieOrNonZeroTopBitsAreNotStun() {
        byte[] noCookie = IPV4_RESPONSE.clone();
        noCookie[4] = 0x22;
        byte[] topBits = IPV4_RESPONSE.clone();
        topBits[0] |= (byte) 0x80;

        assertThat(StunMessage.looksLikeStun(noCookie, 0, noCookie.length)).isFalse();
        assertThat(StunMessage.looksLikeStun(topBits, 0, topBits.length)).isFalse();
        assertThat(StunMessage.looksLikeStun(IPV4_RESPONSE, 0, 19)).isFalse();
        assertThatThrownBy(() -> StunMessage.parse(noCookie, 0, noCookie.length))
                .isInstanceOf(StunParseException.class).hasMessageContaining("cookie");
        assertThatThrownBy(() -> StunMessage.parse(topBits, 0, topBits.length))
                .isInstanceOf(StunParseException.class).hasMessageContaining("two bits");
    }

    @Test
    void rtpAndDtlsFirstBytesAreNotStun() {
        byte[] dtls = Arrays.copyOf(IPV4_RESPONSE, 40);
        dtls[0] = 22; // RFC 7983: 20..63 is DTLS
        byte[] rtp = Arrays.copyOf(IPV4_RESPONSE, 40);
        rtp[0] = (byte) 0x80;
        assertThat(StunMessage.looksLikeStun(dtls, 0, dtls.length)).isFalse();
        assertThat(StunMessage.looksLikeStun(rtp, 0, rtp.length)).isFalse();
    }

    @Test
    void parsesAtAnOffsetInsideALargerBuffer() throws Exception {
        byte[] buffer = new byte[REQUEST.length + 10];
        System.arraycopy(REQUEST, 0, buffer, 7, REQUEST.length);

        StunMessage request = StunMessage.parse(buffer, 7, REQUEST.length);

        assertThat(request.username()).contains("evtj:h6vY");
        assertThat(request.verifyMessageIntegrity(
                MessageIntegrity.shortTerm(Rfc5769Samples.SHORT_TERM_PASSWORD))).isTrue();
        assertThat(request.verifyFingerprint()).isTrue();
        assertThat(StunMessage.peekLocalUfrag(buffer, 7, REQUEST.length)).contains("evtj");
    }

    @Test
    void knownAttributesWithWrongSizesAreRejected() {
        assertRejected(StunAttributeType.PRIORITY, new byte[3]);
        assertRejected(StunAttributeType.USE_CANDIDATE, new byte[1]);
        assertRejected(StunAttributeType.ICE_CONTROLLING, new byte[4]);
        assertRejected(StunAttributeType.ICE_CONTROLLED, new byte[9]);
        assertRejected(StunAttributeType.XOR_MAPPED_ADDRESS, new byte[] {0, 1, 0, 0, 1, 2, 3, 4, 5, 6});
        assertRejected(StunAttributeType.XOR_MAPPED_ADDRESS, new byte[] {0, 2, 0, 0, 1, 2, 3, 4});
        assertRejected(StunAttributeType.XOR_MAPPED_ADDRESS, new byte[] {0, 3, 0, 0, 1, 2, 3, 4});
        assertRejected(StunAttributeType.MAPPED_ADDRESS, new byte[2]);
        assertRejected(StunAttributeType.ERROR_CODE, new byte[] {0, 0, 4});
        assertRejected(StunAttributeType.ERROR_CODE, new byte[] {0, 0, 2, 0});
        assertRejected(StunAttributeType.ERROR_CODE, new byte[] {0, 0, 4, 100});
        assertRejected(StunAttributeType.UNKNOWN_ATTRIBUTES, new byte[3]);
        assertRejected(StunAttributeType.MESSAGE_INTEGRITY, new byte[19]);
        assertRejected(StunAttributeType.FINGERPRINT, new byte[5]);
    }

    @Test
    void attributeAfterFingerprintIsRejected() {
        byte[] bytes = new StunMessageBuilder(StunMessageType.BINDING_INDICATION, TX).fingerprint().build();
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 4);
        longer[3] += 4;
        longer[bytes.length] = (byte) 0x80; // SOFTWARE, empty
        longer[bytes.length + 1] = 0x22;
        assertThatThrownBy(() -> StunMessage.parse(longer, 0, longer.length))
                .isInstanceOf(StunParseException.class).hasMessageContaining("FINGERPRINT");
    }

    @Test
    void attributesAfterMessageIntegrityOtherThanFingerprintAreIgnored() throws Exception {
        byte[] signed = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TX)
                .username("a:b").messageIntegrity(MessageIntegrity.shortTerm("pw")).build();
        byte[] longer = Arrays.copyOf(signed, signed.length + 8);
        longer[3] += 8;
        longer[signed.length + 1] = 0x24; // PRIORITY after MESSAGE-INTEGRITY
        longer[signed.length + 3] = 4;

        StunMessage parsed = StunMessage.parse(longer, 0, longer.length);

        assertThat(parsed.priority()).isEmpty();
        assertThat(parsed.attributeCount()).isEqualTo(2);
        assertThat(parsed.verifyMessageIntegrity(MessageIntegrity.shortTerm("pw"))).isTrue();
    }

    @Test
    void unknownComprehensionRequiredAttributesAreReportedAndOptionalOnesSkipped() throws Exception {
        byte[] bytes = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TX)
                .attribute(new StunAttribute(0x0003, new byte[4]))   // CHANGE-REQUEST, not understood
                .attribute(new StunAttribute(0xC057, new byte[] {0, 1, 0, 10})) // GOOG-NETWORK-INFO
                .attribute(new StunAttribute(0x7777, new byte[0]))
                .attribute(new StunAttribute(0x0003, new byte[4]))
                .username("x:y")
                .build();

        StunMessage parsed = StunMessage.parse(bytes, 0, bytes.length);

        assertThat(parsed.unknownComprehensionRequired()).containsExactly(0x0003, 0x7777);
        assertThat(parsed.username()).contains("x:y");
        assertThat(parsed.attribute(0xC057)).map(StunAttribute::value).hasValueSatisfying(
                v -> assertThat(v).containsExactly(0, 1, 0, 10));
    }

    @Test
    void theFirstOfRepeatedAttributesWins() throws Exception {
        byte[] bytes = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TX)
                .priority(1).priority(2).build();
        assertThat(StunMessage.parse(bytes, 0, bytes.length).priority()).hasValue(1);
    }

    private static void assertRejected(int type, byte[] value) {
        // Built by hand: the builder refuses raw MESSAGE-INTEGRITY and FINGERPRINT.
        int padded = (value.length + 3) & ~3;
        byte[] bytes = new byte[StunMessage.HEADER_LENGTH + 4 + padded];
        bytes[1] = 0x01;
        bytes[3] = (byte) (4 + padded);
        WireBytes.writeInt(bytes, 4, StunMessage.MAGIC_COOKIE);
        WireBytes.writeShort(bytes, 20, type);
        WireBytes.writeShort(bytes, 22, value.length);
        System.arraycopy(value, 0, bytes, 24, value.length);
        assertThatThrownBy(() -> StunMessage.parse(bytes, 0, bytes.length))
                .as("attribute 0x%04x of %d bytes", type, value.length)
                .isInstanceOf(StunParseException.class);
    }
}
