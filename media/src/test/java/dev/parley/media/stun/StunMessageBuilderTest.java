package dev.parley.media.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Encoding: every attribute survives a round trip, MESSAGE-INTEGRITY and FINGERPRINT come last. */
class StunMessageBuilderTest {
    private static final TransactionId TX = new TransactionId(0xfedcba9876543210L, 0x13572468);

    @Test
    void everyAttributeRoundTrips() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 50000);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 443);
        MessageIntegrity key = MessageIntegrity.shortTerm("a-22-character-passwrd");
        byte[] bytes = new StunMessageBuilder(StunMessageType.BINDING_ERROR, TX)
                .fingerprint()                      // asked first, still written last
                .messageIntegrity(key)
                .username("remote:local")
                .software("parley")
                .realm("example.org")
                .nonce("n0nce")
                .priority(0xFFFF_FFFFL)
                .useCandidate()
                .iceControlling(-1L)
                .iceControlled(0x0123456789abcdefL)
                .xorMappedAddress(v4)
                .mappedAddress(v6)
                .errorCode(new StunErrorCode(420, "Unknown Attribute"))
                .unknownAttributes(List.of(0x0003, 0x7000))
                .build();

        StunMessage parsed = StunMessage.parse(bytes, 0, bytes.length);

        assertThat(parsed.type()).isEqualTo(StunMessageType.BINDING_ERROR);
        assertThat(parsed.transactionId()).isEqualTo(TX);
        assertThat(parsed.username()).contains("remote:local");
        assertThat(parsed.software()).contains("parley");
        assertThat(parsed.realm()).contains("example.org");
        assertThat(parsed.nonce()).contains("n0nce");
        assertThat(parsed.priority()).hasValue(0xFFFF_FFFFL);
        assertThat(parsed.useCandidate()).isTrue();
        assertThat(parsed.iceControlling()).hasValue(-1L);
        assertThat(parsed.iceControlled()).hasValue(0x0123456789abcdefL);
        assertThat(parsed.xorMappedAddress()).contains(v4);
        assertThat(parsed.mappedAddress()).contains(v6);
        assertThat(parsed.errorCode()).contains(new StunErrorCode(420, "Unknown Attribute"));
        assertThat(parsed.unknownAttributes()).containsExactly(0x0003, 0x7000);
        assertThat(parsed.verifyMessageIntegrity(key)).isTrue();
        assertThat(parsed.verifyFingerprint()).isTrue();
        List<StunAttribute> attributes = parsed.attributes();
        assertThat(attributes.get(attributes.size() - 2).type()).isEqualTo(StunAttributeType.MESSAGE_INTEGRITY);
        assertThat(attributes.get(attributes.size() - 1).type()).isEqualTo(StunAttributeType.FINGERPRINT);
        assertThat(parsed.toByteArray()).isEqualTo(bytes);
    }

    @Test
    void xorMappedIpv6UsesTheTransactionIdAsMask() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 443);
        for (TransactionId tx : List.of(TX, new TransactionId(0, 0), new TransactionId(-1, -1))) {
            byte[] bytes = new StunMessageBuilder(StunMessageType.BINDING_SUCCESS, tx).xorMappedAddress(v6).build();
            assertThat(StunMessage.parse(bytes, 0, bytes.length).xorMappedAddress()).contains(v6);
        }
    }

    @Test
    void messageTypeBitsInterleaveClassAndMethod() {
        assertThat(StunMessageType.BINDING_REQUEST.toWire()).isEqualTo(0x0001);
        assertThat(StunMessageType.BINDING_INDICATION.toWire()).isEqualTo(0x0011);
        assertThat(StunMessageType.BINDING_SUCCESS.toWire()).isEqualTo(0x0101);
        assertThat(StunMessageType.BINDING_ERROR.toWire()).isEqualTo(0x0111);
        // RFC 8656 Allocate (0x003) error response is 0x0113; method 0xFFF request is 0x3EEF.
        assertThat(new StunMessageType(StunClass.ERROR_RESPONSE, 0x003).toWire()).isEqualTo(0x0113);
        assertThat(new StunMessageType(StunClass.REQUEST, 0xFFF).toWire()).isEqualTo(0x3EEF);
        for (int wire = 0; wire < 0x4000; wire++) {
            assertThat(StunMessageType.fromWire(wire).toWire()).isEqualTo(wire);
        }
    }

    @Test
    void writesIntoACallerBufferAtAnOffset() throws Exception {
        StunMessageBuilder builder = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TX)
                .username("u:v").fingerprint();
        byte[] out = new byte[100];

        int written = builder.writeTo(out, 13);

        assertThat(written).isEqualTo(builder.encodedLength()).isEqualTo(20 + 8 + 8);
        StunMessage parsed = StunMessage.parse(out, 13, written);
        assertThat(parsed.username()).contains("u:v");
        assertThat(parsed.verifyFingerprint()).isTrue();
        assertThatThrownBy(() -> builder.writeTo(new byte[35], 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resetReusesTheBuilderForAnotherMessage() throws Exception {
        StunMessageBuilder builder = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TX)
                .username("first:one").messageIntegrity(MessageIntegrity.shortTerm("pw")).fingerprint();
        builder.build();
        TransactionId other = new TransactionId(1, 2);

        byte[] second = builder.reset(StunMessageType.BINDING_SUCCESS, other).priority(7).build();

        StunMessage parsed = StunMessage.parse(second, 0, second.length);
        assertThat(parsed.transactionId()).isEqualTo(other);
        assertThat(parsed.attributeCount()).isEqualTo(1);
        assertThat(parsed.priority()).hasValue(7);
    }

    @Test
    void refusesRawIntegrityAndFingerprintAndOutOfRangeValues() {
        StunMessageBuilder builder = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TX);
        assertThatThrownBy(() -> builder.attribute(new StunAttribute(StunAttributeType.MESSAGE_INTEGRITY, new byte[20])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.attribute(new StunAttribute(StunAttributeType.FINGERPRINT, new byte[4])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.priority(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.xorMappedAddress(InetSocketAddress.createUnresolved("example.org", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.attribute(new StunAttribute(0x8001, new byte[0xFFFF])))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void randomTransactionIdsDiffer() {
        SplittableRandom random = new SplittableRandom(1);
        assertThat(TransactionId.random(random)).isNotEqualTo(TransactionId.random(random));
        TransactionId id = TransactionId.random(random);
        assertThat(TransactionId.of(id.toBytes())).isEqualTo(id);
    }
}
