package dev.parley.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inputs that once broke {@code parse(write(parse(x))) == parse(x)}, or were close to it. */
class RoundTripEdgeCaseTest {
    private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private static final String AUDIO = "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n";

    private static void assertRoundTrips(String sdp) {
        SessionDescription parsed;
        try {
            parsed = SessionDescription.parse(sdp);
        } catch (SdpParseException rejected) {
            return; // rejecting is fine; accepting and then changing is not
        }
        try {
            assertThat(SessionDescription.parse(parsed.write())).isEqualTo(parsed);
        } catch (SdpParseException e) {
            throw new AssertionError("written SDP does not parse: " + e.getMessage() + "\n" + parsed.write(), e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "v=0\r\no=- 1 9999999999999999999 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n",
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=9223372036854775808 0\r\n",
        HEAD + "b=AS:9999999999999999999\r\n",
    })
    void numbersTooLargeForALongAreRejectedNotWrapped(String sdp) {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> SessionDescription.parse(sdp)))
                .isInstanceOf(SdpParseException.class).hasMessageContaining("out of range");
    }

    @Test
    void largestLongIsAccepted() throws SdpParseException {
        SessionDescription d = SessionDescription.parse(
                "v=0\r\no=- 1 9223372036854775807 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");

        assertThat(d.origin().sessionVersion()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void candidateFoundationThatLooksLikeThePrefixSurvives() throws SdpParseException {
        String sdp = HEAD + AUDIO + "a=candidate:candidate:candidate:1 1 udp 1 10.0.0.1 9 typ host\r\n";

        assertRoundTrips(sdp);
        assertThat(SessionDescription.parse(sdp).media().get(0).candidates().get(0).foundation())
                .isEqualTo("candidate:candidate:1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        HEAD + AUDIO + "a=ssrc:1 a b:c d\r\na=ssrc:2 x:\r\na=ssrc:3\r\n",
        HEAD + AUDIO + "a=fmtp:0 x= =y; z ;\r\n",
        HEAD + AUDIO + "a=extmap:01/sendrecv urn:x  a  b\r\n",
        HEAD + "m=audio 9/1 RTP/AVP 000\r\na=rtpmap:0 PCMU/8000/1\r\n",
        HEAD + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=rtpmap:x y\r\na=fmtp:webrtc-datachannel max-message-size=100\r\n",
        HEAD + "a=group:BUNDLE\r\na=msid-semantic:WMS\r\na=ice-options:\r\n",
        HEAD + AUDIO + "a=simulcast: recv  a,~b;c  send d\r\na=rid:a recv max-width=1;pt=0\r\n",
        HEAD + "s2=x\r\n",
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=  spaced  name\r\nt=0 0\r\na=foo :bar\r\na=x\t\r\n",
    })
    void unusualButValidInputsRoundTrip(String sdp) {
        assertRoundTrips(sdp);
    }
}
