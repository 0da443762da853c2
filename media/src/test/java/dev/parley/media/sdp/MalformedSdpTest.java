package dev.parley.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.MalformedPacketException;
import org.junit.jupiter.api.Test;

class MalformedSdpTest {
    private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private static final String AUDIO = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n";

    private static SdpParseException failure(String sdp) {
        try {
            SessionDescription.parse(sdp);
        } catch (SdpParseException e) {
            return e;
        }
        throw new AssertionError("parsed without error:\n" + sdp);
    }

    @Test
    void isAMalformedPacketException() {
        assertThat(failure("")).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void missingVersionLineIsRejectedAtLineOne() {
        SdpParseException e = failure("o=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");

        assertThat(e.lineNumber()).isEqualTo(1);
        assertThat(e.getMessage()).contains("line 1").contains("missing v=").contains("\"o=- 1 2 IN IP4 127.0.0.1\"");
    }

    @Test
    void emptyInputSaysVersionIsMissing() {
        assertThat(failure("\r\n\r\n").getMessage()).contains("missing v=");
    }

    @Test
    void missingMandatorySessionLinesAreNamed() {
        assertThat(failure("v=0\r\ns=-\r\nt=0 0\r\n").getMessage()).contains("missing o=");
        assertThat(failure("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nt=0 0\r\n").getMessage()).contains("missing s=");
        assertThat(failure("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n").getMessage()).contains("missing t=");
    }

    @Test
    void otherVersionIsRejected() {
        assertThat(failure("v=1\r\n").getMessage()).contains("line 1").contains("version");
    }

    @Test
    void badMediaLineNamesTheLine() {
        SdpParseException e = failure(HEAD + "m=audio 9\r\n");

        assertThat(e.lineNumber()).isEqualTo(5);
        assertThat(e.getMessage()).contains("line 5").contains("\"m=audio 9\"").contains("bad m= line");
    }

    @Test
    void unknownMediaTypeIsRejected() {
        assertThat(failure(HEAD + "m=text 9 RTP/AVP 0\r\n").getMessage()).contains("line 5").contains("media type");
    }

    @Test
    void badPortsAreRejected() {
        assertThat(failure(HEAD + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n").getMessage())
                .contains("line 5").contains("port 70000 is out of range");
        assertThat(failure(HEAD + "m=audio nine UDP/TLS/RTP/SAVPF 111\r\n").getMessage())
                .contains("line 5").contains("port is not a number");
        assertThat(failure(HEAD + "m=audio -9 UDP/TLS/RTP/SAVPF 111\r\n").getMessage()).contains("line 5");
        assertThat(failure(HEAD + AUDIO + "a=candidate:1 1 udp 1 10.0.0.1 65536 typ host\r\n").getMessage())
                .contains("line 7").contains("port 65536");
    }

    @Test
    void nonNumericPayloadTypeInMediaLineIsRejected() {
        assertThat(failure(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96 vp8\r\n").getMessage())
                .contains("line 5").contains("payload type is not a number: 'vp8'");
        assertThat(failure(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 128\r\n").getMessage()).contains("out of range 0-127");
        assertThat(failure(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96 96\r\n").getMessage()).contains("listed twice");
    }

    @Test
    void rtpmapWithNonNumericPayloadTypeQuotesTheLine() {
        SdpParseException e = failure(HEAD + AUDIO + "a=rtpmap:opus 111/48000/2\r\n");

        assertThat(e.lineNumber()).isEqualTo(7);
        assertThat(e.getMessage()).isEqualTo(
                "SDP line 7 \"a=rtpmap:opus 111/48000/2\": payload type is not a number: 'opus'");
    }

    @Test
    void malformedRtpmapsAreRejected() {
        assertThat(failure(HEAD + AUDIO + "a=rtpmap:111 opus\r\n").getMessage()).contains("<clock rate>");
        assertThat(failure(HEAD + AUDIO + "a=rtpmap:111 opus/fast\r\n").getMessage()).contains("clock rate");
        assertThat(failure(HEAD + AUDIO + "a=rtpmap:111 opus/48000/two\r\n").getMessage()).contains("channel count");
        assertThat(failure(HEAD + AUDIO + "a=rtpmap:111 opus/48000/2\r\na=rtpmap:111 opus/48000/2\r\n").getMessage())
                .contains("line 8").contains("second a=rtpmap for payload type 111");
        assertThat(failure(HEAD + AUDIO + "a=fmtp:x minptime=10\r\n").getMessage()).contains("line 7");
        assertThat(failure(HEAD + AUDIO + "a=fmtp:111 a=1;a=2\r\n").getMessage()).contains("appears twice");
    }

    @Test
    void candidateWithTooFewFieldsIsRejected() {
        SdpParseException e = failure(HEAD + AUDIO + "a=candidate:1 1 udp 2122194687 192.0.2.2 typ host\r\n");

        assertThat(e.lineNumber()).isEqualTo(7);
        assertThat(e.getMessage()).contains("too few fields").contains("a=candidate:1 1 udp");
    }

    @Test
    void candidatesWithBadNumbersOrTypesAreRejected() {
        String prefix = HEAD + AUDIO + "a=candidate:";
        assertThat(failure(prefix + "1 1 udp high 10.0.0.1 9 typ host\r\n").getMessage())
                .contains("priority is not a number");
        assertThat(failure(prefix + "1 1 udp 4294967296 10.0.0.1 9 typ host\r\n").getMessage())
                .contains("priority 4294967296 is out of range");
        assertThat(failure(prefix + "1 x udp 1 10.0.0.1 9 typ host\r\n").getMessage()).contains("component");
        assertThat(failure(prefix + "1 1 udp 1 10.0.0.1 9 type host\r\n").getMessage()).contains("'typ'");
        assertThat(failure(prefix + "1 1 udp 1 10.0.0.1 9 typ lan\r\n").getMessage()).contains("candidate type");
        assertThat(failure(prefix + "1 1 udp 1 10.0.0.1 9 typ srflx raddr\r\n").getMessage()).contains("no value");
        assertThat(failure(prefix + "1 1 udp 1 10.0.0.1 9 typ srflx raddr 0.0.0.0 rport x\r\n").getMessage())
                .contains("port is not a number");
    }

    @Test
    void nonNumericValuesWhereNumbersAreRequiredAreRejected() {
        assertThat(failure("v=0\r\no=- abc 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n").getMessage())
                .contains("line 2").contains("session id");
        assertThat(failure("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=now 0\r\n").getMessage())
                .contains("line 4").contains("start time");
        assertThat(failure(HEAD + AUDIO + "a=ssrc:12ab cname:x\r\n").getMessage()).contains("line 7").contains("SSRC");
        assertThat(failure(HEAD + AUDIO + "a=ssrc:4294967296 cname:x\r\n").getMessage()).contains("out of range");
        assertThat(failure(HEAD + AUDIO + "a=ssrc-group:FID 1 two\r\n").getMessage()).contains("SSRC");
        assertThat(failure(HEAD + AUDIO + "a=extmap:one urn:x\r\n").getMessage()).contains("extmap id");
        assertThat(failure(HEAD + AUDIO + "a=extmap:0 urn:x\r\n").getMessage()).contains("reserved");
        assertThat(failure(HEAD + AUDIO + "b=AS:lots\r\n").getMessage()).contains("bandwidth");
    }

    @Test
    void malformedTransportAttributesAreRejected() {
        assertThat(failure(HEAD + AUDIO + "a=fingerprint:sha-256 AB:CD:E\r\n").getMessage()).contains("fingerprint");
        assertThat(failure(HEAD + AUDIO + "a=fingerprint:sha-256 AB-CD\r\n").getMessage()).contains("fingerprint");
        assertThat(failure(HEAD + AUDIO + "a=setup:sometimes\r\n").getMessage()).contains("setup role");
        assertThat(failure(HEAD + AUDIO + "a=mid:0\r\na=mid:1\r\n").getMessage()).contains("line 8").contains("second a=mid");
        assertThat(failure(HEAD + AUDIO + "a=sendrecv\r\na=recvonly\r\n").getMessage()).contains("direction");
        assertThat(failure(HEAD + AUDIO + "a=mid\r\n").getMessage()).contains("needs a value");
        assertThat(failure(HEAD + AUDIO + "a=mid:0\r\n" + AUDIO + "a=mid:0\r\n").getMessage())
                .contains("mid '0' is used by two media sections");
    }

    @Test
    void malformedSimulcastAndRidAreRejected() {
        assertThat(failure(HEAD + AUDIO + "a=rid:q sideways\r\n").getMessage()).contains("send or recv");
        assertThat(failure(HEAD + AUDIO + "a=rid:q/1 send\r\n").getMessage()).contains("rid");
        assertThat(failure(HEAD + AUDIO + "a=simulcast:send q;;f\r\n").getMessage()).contains("empty rid");
        assertThat(failure(HEAD + AUDIO + "a=simulcast:send rid=q;h\r\n").getMessage()).contains("rid 'rid=q'");
        assertThat(failure(HEAD + AUDIO + "a=simulcast:send q send h\r\n").getMessage()).contains("repeated");
    }

    @Test
    void malformedLinesAreRejected() {
        assertThat(failure(HEAD + "hello\r\n").getMessage()).contains("line 5").contains("<letter>=<value>");
        assertThat(failure(HEAD + "A=b\r\n").getMessage()).contains("line 5");
        assertThat(failure(HEAD + "x=unknown\r\n").getMessage()).contains("unknown line type 'x='");
        assertThat(failure(HEAD + AUDIO + "s=late\r\n").getMessage()).contains("not allowed in a media section");
        assertThat(failure(HEAD + "a=foo\rbar\r\n").getMessage()).contains("carriage return");
        assertThat(failure(HEAD + "o=- 1 2 IN IP4 127.0.0.1\r\n").getMessage()).contains("second o=");
    }

    @Test
    void longLinesAreQuotedTruncated() {
        String longLine = "a=rtpmap:x " + "y".repeat(200);
        SdpParseException e = failure(HEAD + AUDIO + longLine + "\r\n");

        assertThat(e.getMessage()).contains("\"" + longLine.substring(0, 80) + "...\"").doesNotContain("y".repeat(100));
    }

    @Test
    void oversizeInputIsRejectedBeforeParsing() {
        String big = HEAD + ("a=x-padding:" + "p".repeat(1000) + "\r\n").repeat(300);

        SdpParseException e = failure(big);
        assertThat(e.lineNumber()).isZero();
        assertThat(e.getMessage()).contains("exceeds the limit of 262144");
    }

    @Test
    void tooManyLinesAreRejected() {
        assertThat(failure(HEAD + "a=x\n".repeat(SessionDescription.MAX_LINES)).getMessage())
                .contains("more than 16384 lines");
    }

    @Test
    void tooManyMediaSectionsAreRejected() {
        SdpParseException e = failure(HEAD + "m=audio 0 UDP/TLS/RTP/SAVPF 0\r\n".repeat(65));

        assertThat(e.lineNumber()).isEqualTo(4 + 65);
        assertThat(e.getMessage()).contains("more than 64 media sections");
    }

    @Test
    void sixtyFourMediaSectionsAreAccepted() throws SdpParseException {
        String sdp = HEAD + "m=audio 0 UDP/TLS/RTP/SAVPF 0\r\n".repeat(64);

        assertThat(SessionDescription.parse(sdp).media()).hasSize(64);
    }

    @Test
    void unknownAttributeWithAMistakeIsNotAnErrorButKeptVerbatim() throws SdpParseException {
        SessionDescription d = SessionDescription.parse(HEAD + AUDIO + "a=x-google-flag:conference\r\na=rtcp-mux:weird\r\n");

        assertThat(d.media().get(0).attributes()).containsExactly(Attribute.of("x-google-flag", "conference"),
                Attribute.of("rtcp-mux", "weird"));
        assertThat(d.media().get(0).rtcpMux()).isFalse();
    }

    @Test
    void lfOnlyAndTrailingBlanksAreTolerated() throws SdpParseException {
        SessionDescription d = SessionDescription.parse(
                "v=0\no=- 1 2 IN IP4 127.0.0.1 \ns=-\nt=0 0\n\nm=audio 9 UDP/TLS/RTP/SAVPF 0\na=mid:a \n");

        assertThat(d.media().get(0).mid()).contains("a");
        assertThat(d.media().get(0).codec(0).orElseThrow().name()).isEqualTo("PCMU");
    }
}
