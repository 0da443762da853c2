package dev.parley.client.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.stun.IceCredentials;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageBuilder;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.TransactionId;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class IceCheckResponderTest {
    private static final IceCredentials OURS = new IceCredentials("ours", "ourPassword0123456789ab");
    private static final InetSocketAddress FROM = new InetSocketAddress("192.0.2.7", 40000);

    private static byte[] check(String username, IceCredentials signer) {
        return new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TransactionId.random(new SecureRandom()))
                .username(username).priority(1).iceControlled(7).messageIntegrity(signer.messageIntegrity())
                .fingerprint().build();
    }

    @Test
    void aCheckForUsIsAnsweredWithTheAddressItCameFromSignedWithOurPassword() throws Exception {
        byte[] request = check("ours:theirs", OURS);

        byte[] response = new IceCheckResponder(OURS).respond(request, 0, request.length, FROM).orElseThrow();

        StunMessage m = StunMessage.parse(response, 0, response.length);
        assertThat(m.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(m.transactionId()).isEqualTo(StunMessage.parse(request, 0, request.length).transactionId());
        assertThat(m.xorMappedAddress()).contains(FROM);
        assertThat(m.verifyMessageIntegrity(OURS.messageIntegrity())).isTrue();
    }

    @Test
    void aCheckForSomeoneElseOrWithTheWrongPasswordGetsNothing() {
        IceCheckResponder responder = new IceCheckResponder(OURS);
        byte[] otherUfrag = check("other:theirs", OURS);
        byte[] wrongKey = check("ours:theirs", new IceCredentials("ours", "notOurPassword0123456789"));
        byte[] junk = {0, 1, 0, 0, 0x21, 0x12, (byte) 0xA4, 0x42};

        assertThat(responder.respond(otherUfrag, 0, otherUfrag.length, FROM)).isEmpty();
        assertThat(responder.respond(wrongKey, 0, wrongKey.length, FROM)).isEmpty();
        assertThat(responder.respond(junk, 0, junk.length, FROM)).isEmpty();
    }
}
