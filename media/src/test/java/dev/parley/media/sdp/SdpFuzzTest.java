package dev.parley.media.sdp;

import dev.parley.media.stun.IceCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Round-trip property of the SDP parser and writer: whatever {@link SessionDescription#parse} accepts
 * is written to SDP that parses to an equal model, and writing that model again gives the same text;
 * every lookup helper answers without throwing. Only {@link SdpParseException} may escape the parser.
 *
 * <p>Corpus: {@code src/test/resources/dev/parley/media/sdp/SdpFuzzTestInputs/roundTrip/} (trimmed
 * browser offers and broken inputs). Longer runs: {@code JAZZER_FUZZ=1 mvn -pl media test -Dtest=SdpFuzzTest}.
 */
class SdpFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void roundTrip(byte[] data) throws SdpParseException {
        SessionDescription parsed;
        try {
            parsed = SessionDescription.parse(new String(data, StandardCharsets.UTF_8));
        } catch (SdpParseException rejected) {
            assertThat(rejected.getMessage()).isNotEmpty();
            return;
        }
        String written = parsed.write();
        SessionDescription reparsed = SessionDescription.parse(written);
        assertThat(reparsed).isEqualTo(parsed);
        assertThat(reparsed.write()).isEqualTo(written);
        askEveryHelper(parsed);
    }

    private static void askEveryHelper(SessionDescription d) {
        d.bundleMids();
        for (MediaDescription m : d.media()) {
            d.resolvedIceCredentials(m);
            d.resolvedFingerprints(m).forEach(Fingerprint::bytes);
            d.resolvedSetup(m);
            d.resolvedDirection(m);
            m.mid().ifPresent(mid -> assertThat(d.mediaByMid(mid)).contains(m));
            m.isRejected();
            for (int pt : m.payloadTypes()) {
                m.codec(pt);
                m.rtxPayloadType(pt);
            }
            for (Codec c : m.codecs()) {
                assertThat(m.codec(c.name())).isPresent();
                c.associatedPayloadType();
            }
            m.extmaps().forEach(e -> assertThat(m.extmapId(e.uri())).isPresent());
            for (long ssrc : m.ssrcIds()) {
                m.rtxSsrc(ssrc);
                m.ssrcAttribute(ssrc, SsrcAttribute.CNAME);
            }
            m.rids().forEach(Rid::payloadTypes);
            m.simulcast().ifPresent(s -> {
                s.sendRids();
                s.recvRids();
            });
            for (Candidate c : m.candidates()) {
                c.generation();
                c.networkId();
                c.ufrag();
                assertThat(c.toCandidateString()).startsWith("candidate:");
            }
        }
    }
}
