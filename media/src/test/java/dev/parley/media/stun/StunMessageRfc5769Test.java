package dev.parley.media.stun;

import static dev.parley.media.stun.Rfc5769Samples.IPV4_RESPONSE;
import static dev.parley.media.stun.Rfc5769Samples.IPV6_RESPONSE;
import static dev.parley.media.stun.Rfc5769Samples.LONG_TERM_REQUEST;
import static dev.parley.media.stun.Rfc5769Samples.REQUEST;
import static dev.parley.media.stun.Rfc5769Samples.SHORT_TERM_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every sample of RFC 5769 §2: parsed, every attribute checked, integrity verified, re-encoded. */
class StunMessageRfc5769Test {
    private static final TransactionId SHORT_TERM_TX = TransactionId.of(Rfc5769Samples.hex("b7e7a701bc34d686fa87dfae"));
    private static final TransactionId LONG_TERM_TX = TransactionId.of(Rfc5769Samples.hex("78ad3433c6ad72c029da412e"));

    @Test
    void sampleRequestParsesWithEveryAttribute() throws Exception {
        StunMessage request = StunMessage.parse(REQUEST, 0, REQUEST.length);

        assertThat(request.type()).isEqualTo(StunMessageType.BINDING_REQUEST);
        assertThat(request.transactionId()).isEqualTo(SHORT_TERM_TX);
        assertThat(request.software()).contains("STUN test client");
        assertThat(request.priority()).hasValue(0x6e0001ffL);
        assertThat(request.iceControlled()).hasValue(0x932ff9b151263b36L);
        assertThat(request.iceControlling()).isEmpty();
        assertThat(request.useCandidate()).isFalse();
        assertThat(request.username()).contains("evtj:h6vY");
        assertThat(request.unknownComprehensionRequired()).isEmpty();
        assertThat(request.attributes()).extracting(StunAttribute::type).containsExactly(
                0x8022, 0x0024, 0x8029, 0x0006, 0x0008, 0x8028);
    }

    @Test
    void sampleRequestIntegrityAndFingerprintVerify() throws Exception {
        StunMessage request = StunMessage.parse(REQUEST, 0, REQUEST.length);

        assertThat(request.verifyMessageIntegrity(MessageIntegrity.shortTerm(SHORT_TERM_PASSWORD))).isTrue();
        assertThat(request.verifyMessageIntegrity(MessageIntegrity.shortTerm("wrong password"))).isFalse();
        assertThat(request.verifyFingerprint()).isTrue();
    }

    @Test
    void sampleRequestReEncodesToTheExactBytes() {
        byte[] encoded = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, SHORT_TERM_TX)
                .padWith((byte) ' ')
                .software("STUN test client")
                .priority(0x6e0001ffL)
                .iceControlled(0x932ff9b151263b36L)
                .username("evtj:h6vY")
                .messageIntegrity(MessageIntegrity.shortTerm(SHORT_TERM_PASSWORD))
                .fingerprint()
                .build();

        assertThat(encoded).isEqualTo(REQUEST);
    }

    @Test
    void sampleIpv4ResponseParsesAndVerifies() throws Exception {
        StunMessage response = StunMessage.parse(IPV4_RESPONSE, 0, IPV4_RESPONSE.length);

        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(response.transactionId()).isEqualTo(SHORT_TERM_TX);
        assertThat(response.software()).contains("test vector");
        assertThat(response.xorMappedAddress()).contains(
                new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertThat(response.verifyMessageIntegrity(MessageIntegrity.shortTerm(SHORT_TERM_PASSWORD))).isTrue();
        assertThat(response.verifyFingerprint()).isTrue();
        assertThat(response.attributes()).extracting(StunAttribute::type).containsExactly(
                0x8022, 0x0020, 0x0008, 0x8028);
    }

    @Test
    void sampleIpv4ResponseReEncodesToTheExactBytes() throws Exception {
        byte[] encoded = new StunMessageBuilder(StunMessageType.BINDING_SUCCESS, SHORT_TERM_TX)
                .padWith((byte) ' ')
                .software("test vector")
                .xorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))
                .messageIntegrity(MessageIntegrity.shortTerm(SHORT_TERM_PASSWORD))
                .fingerprint()
                .build();

        assertThat(encoded).isEqualTo(IPV4_RESPONSE);
    }

    @Test
    void sampleIpv6ResponseParsesAndVerifies() throws Exception {
        StunMessage response = StunMessage.parse(IPV6_RESPONSE, 0, IPV6_RESPONSE.length);

        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(response.transactionId()).isEqualTo(SHORT_TERM_TX);
        assertThat(response.software()).contains("test vector");
        assertThat(response.xorMappedAddress()).contains(new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        assertThat(response.verifyMessageIntegrity(MessageIntegrity.shortTerm(SHORT_TERM_PASSWORD))).isTrue();
        assertThat(response.verifyFingerprint()).isTrue();
    }

    @Test
    void sampleIpv6ResponseReEncodesToTheExactBytes() throws Exception {
        byte[] encoded = new StunMessageBuilder(StunMessageType.BINDING_SUCCESS, SHORT_TERM_TX)
                .padWith((byte) ' ')
                .software("test vector")
                .xorMappedAddress(new InetSocketAddress(
                        InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853))
                .messageIntegrity(MessageIntegrity.shortTerm(SHORT_TERM_PASSWORD))
                .fingerprint()
                .build();

        assertThat(encoded).isEqualTo(IPV6_RESPONSE);
    }

    @Test
    void sampleLongTermRequestParsesAndVerifies() throws Exception {
        StunMessage request = StunMessage.parse(LONG_TERM_REQUEST, 0, LONG_TERM_REQUEST.length);

        assertThat(request.type()).isEqualTo(StunMessageType.BINDING_REQUEST);
        assertThat(request.transactionId()).isEqualTo(LONG_TERM_TX);
        assertThat(request.username()).contains(Rfc5769Samples.LONG_TERM_USERNAME);
        assertThat(request.nonce()).contains(Rfc5769Samples.LONG_TERM_NONCE);
        assertThat(request.realm()).contains(Rfc5769Samples.LONG_TERM_REALM);
        assertThat(request.hasFingerprint()).isFalse();
        assertThat(request.verifyFingerprint()).isFalse();
        assertThat(request.attributes()).extracting(StunAttribute::type).containsExactly(
                0x0006, 0x0015, 0x0014, 0x0008);

        MessageIntegrity longTerm = MessageIntegrity.longTerm(Rfc5769Samples.LONG_TERM_USERNAME,
                Rfc5769Samples.LONG_TERM_REALM, Rfc5769Samples.LONG_TERM_PASSWORD);
        assertThat(request.verifyMessageIntegrity(longTerm)).isTrue();
        assertThat(request.verifyMessageIntegrity(MessageIntegrity.longTerm(Rfc5769Samples.LONG_TERM_USERNAME,
                Rfc5769Samples.LONG_TERM_REALM, "TheMatrix"))).isFalse();
    }

    @Test
    void sampleLongTermRequestReEncodesToTheExactBytes() {
        byte[] encoded = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, LONG_TERM_TX)
                .username(Rfc5769Samples.LONG_TERM_USERNAME)
                .nonce(Rfc5769Samples.LONG_TERM_NONCE)
                .realm(Rfc5769Samples.LONG_TERM_REALM)
                .messageIntegrity(MessageIntegrity.longTerm(Rfc5769Samples.LONG_TERM_USERNAME,
                        Rfc5769Samples.LONG_TERM_REALM, Rfc5769Samples.LONG_TERM_PASSWORD))
                .build();

        assertThat(encoded).isEqualTo(LONG_TERM_REQUEST);
    }

    @Test
    void samplesReSerialiseToThemselvesWhereThePaddingIsZero() throws Exception {
        StunMessage longTerm = StunMessage.parse(LONG_TERM_REQUEST, 0, LONG_TERM_REQUEST.length);
        assertThat(longTerm.toByteArray()).isEqualTo(LONG_TERM_REQUEST);

        // The space padding of the other samples becomes zero; the attribute values stay the same.
        for (byte[] sample : List.of(REQUEST, IPV4_RESPONSE, IPV6_RESPONSE)) {
            StunMessage parsed = StunMessage.parse(sample, 0, sample.length);
            byte[] again = parsed.toByteArray();
            assertThat(again).hasSameSizeAs(sample);
            assertThat(StunMessage.parse(again, 0, again.length)).isEqualTo(parsed);
        }
    }

    @Test
    void peekFindsTheUsernameAndLocalUfragOfTheSampleRequest() {
        assertThat(StunMessage.looksLikeStun(REQUEST, 0, REQUEST.length)).isTrue();
        assertThat(StunMessage.peekUsername(REQUEST, 0, REQUEST.length)).contains("evtj:h6vY");
        assertThat(StunMessage.peekLocalUfrag(REQUEST, 0, REQUEST.length)).contains("evtj");
        assertThat(StunMessage.peekLocalUfrag(IPV4_RESPONSE, 0, IPV4_RESPONSE.length)).isEmpty();
        assertThat(StunMessage.peekUsername(LONG_TERM_REQUEST, 0, LONG_TERM_REQUEST.length))
                .contains(Rfc5769Samples.LONG_TERM_USERNAME);
        assertThat(StunMessage.peekLocalUfrag(LONG_TERM_REQUEST, 0, LONG_TERM_REQUEST.length)).isEmpty();
    }
}
