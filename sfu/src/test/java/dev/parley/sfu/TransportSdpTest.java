package dev.parley.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.sdp.Candidate;
import dev.parley.media.sdp.CandidateType;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.Setup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The candidates Parley announces: UDP host candidates, and passive TCP ones ranked below every UDP one. */
class TransportSdpTest {
    private static final String FP = "sha-256 " + "AB:".repeat(31) + "AB";

    private static List<Candidate> candidates(CandidateAddresses addresses) throws Exception {
        TransportSdp sdp = new TransportSdp("pUfr", "parleyIcePasswordOf24chr", DtlsFingerprint.parse(FP), addresses);
        MediaDescription m = sdp.section(MediaKind.AUDIO, "0", Setup.PASSIVE).build();
        assertThat(m.endOfCandidates()).isTrue();
        return m.candidates();
    }

    @Test
    void withoutTcpThereIsOneUdpHostCandidatePerAddress() throws Exception {
        List<Candidate> c = candidates(new CandidateAddresses(List.of("192.0.2.10", "2001:db8::10"), 40000, 0));
        assertThat(c).hasSize(2).allMatch(Candidate::isUdp).allMatch(x -> x.port() == 40000)
                .allMatch(x -> x.type() == CandidateType.HOST);
        assertThat(c).extracting(Candidate::address).containsExactly("192.0.2.10", "2001:db8::10");
        assertThat(c.get(0).priority()).isGreaterThan(c.get(1).priority());
        assertThat(c.get(0).foundation()).isNotEqualTo(c.get(1).foundation());
    }

    @Test
    void tcpCandidatesArePassiveOnTheTcpPortAndRankBelowEveryUdpCandidate() throws Exception {
        List<Candidate> c = candidates(new CandidateAddresses(List.of("192.0.2.10", "2001:db8::10"), 40000, 443));
        List<Candidate> udp = c.stream().filter(Candidate::isUdp).toList();
        List<Candidate> tcp = c.stream().filter(Candidate::isTcp).toList();
        assertThat(udp).hasSize(2);
        assertThat(tcp).hasSize(2).allMatch(x -> x.port() == 443).allMatch(x -> x.tcpType().orElse("").equals("passive"));
        long lowestUdp = udp.stream().mapToLong(Candidate::priority).min().orElseThrow();
        assertThat(tcp).allMatch(x -> x.priority() < lowestUdp);
        // RFC 6544 §4.2: local preference = 2^13 * direction-pref (4, passive host) + other-pref.
        assertThat((tcp.get(0).priority() >> 8) & 0xFFFF).isEqualTo((4 << 13) | 8191);
        assertThat(tcp.get(0).priority() >> 24).isLessThan(udp.get(0).priority() >> 24);
        assertThat(tcp.get(0).foundation()).isNotEqualTo(udp.get(0).foundation());
        // Round trip: what a browser parses.
        assertThat(Candidate.parse(tcp.get(0).toCandidateString())).isEqualTo(tcp.get(0));
        assertThat(tcp.get(0).toCandidateString()).contains(" tcp ").endsWith("typ host tcptype passive");
    }
}
