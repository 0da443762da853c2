package dev.parley.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CandidateTest {

    @Test
    void parsesAServerReflexiveTrickleCandidateWithChromeExtensions() throws SdpParseException {
        Candidate c = Candidate.parse("candidate:842163049 1 udp 1677729535 203.0.113.9 46154 typ srflx "
                + "raddr 192.168.1.5 rport 46154 generation 0 ufrag EsAw network-id 1 network-cost 10");

        assertThat(c.foundation()).isEqualTo("842163049");
        assertThat(c.type()).isEqualTo(CandidateType.SRFLX);
        assertThat(c.relatedAddress()).contains("192.168.1.5");
        assertThat(c.relatedPort()).isEqualTo(OptionalInt.of(46154));
        assertThat(c.ufrag()).contains("EsAw");
        assertThat(c.generation()).isEqualTo(OptionalInt.of(0));
        assertThat(c.networkId()).isEqualTo(OptionalInt.of(1));
        assertThat(c.extensions()).containsExactly(new Candidate.Extension("generation", "0"),
                new Candidate.Extension("ufrag", "EsAw"), new Candidate.Extension("network-id", "1"),
                new Candidate.Extension("network-cost", "10"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "candidate:842163049 1 udp 1677729535 203.0.113.9 46154 typ srflx raddr 192.168.1.5 rport 46154 generation 0",
        "candidate:3 1 udp 41885439 198.51.100.20 3478 typ relay raddr 203.0.113.9 rport 60000",
        "candidate:1 1 tcp 1518280447 203.0.113.7 8000 typ host tcptype passive",
        "candidate:0 2 UDP 2122187006 a54740df-0b47-418f-aecd-52c21de52ccf.local 59914 typ host",
        "candidate:4 1 udp 1845501695 2001:db8::1 50000 typ prflx raddr :: rport 0",
    })
    void writesBackTheBrowsersCandidateString(String text) throws SdpParseException {
        assertThat(Candidate.parse(text).toCandidateString()).isEqualTo(text);
    }

    @Test
    void acceptsTheValueWithoutPrefixAndNormalisesTheTypeCase() throws SdpParseException {
        Candidate c = Candidate.parse("  1 1 udp 100 10.0.0.1 9 typ HOST  ");

        assertThat(c.type()).isEqualTo(CandidateType.HOST);
        assertThat(c.attributeValue()).isEqualTo("1 1 udp 100 10.0.0.1 9 typ host");
    }

    @Test
    void writesRelatedAddressAndTcpTypeBeforeOtherExtensions() throws SdpParseException {
        Candidate c = Candidate.parse("1 1 tcp 100 10.0.0.1 9 typ srflx generation 0 tcptype so rport 5 raddr 10.0.0.2");

        assertThat(c.attributeValue()).isEqualTo("1 1 tcp 100 10.0.0.1 9 typ srflx raddr 10.0.0.2 rport 5 tcptype so generation 0");
    }

    @Test
    void buildsTheHostCandidatesOfAnIceLiteServer() {
        Candidate udp = Candidate.udpHost("1", 2130706431L, "203.0.113.7", 8000).withExtension("generation", "0");
        Candidate tcp = Candidate.tcpPassiveHost("2", 1518280447L, "203.0.113.7", 8000);

        assertThat(udp.toCandidateString()).isEqualTo("candidate:1 1 udp 2130706431 203.0.113.7 8000 typ host generation 0");
        assertThat(tcp.attributeValue()).isEqualTo("2 1 tcp 1518280447 203.0.113.7 8000 typ host tcptype passive");
        assertThat(tcp.relatedAddress()).isEqualTo(Optional.empty());
    }

    @Test
    void repeatedRelatedAddressIsRejected() {
        assertThatThrownBy(() -> Candidate.parse("1 1 udp 1 10.0.0.1 9 typ srflx raddr a raddr b"))
                .isInstanceOf(SdpParseException.class).hasMessageContaining("two raddr");
    }

    @Test
    void nonNumericExtensionValuesReadAsAbsent() throws SdpParseException {
        Candidate c = Candidate.parse("1 1 udp 1 10.0.0.1 9 typ host generation x network-id 2");

        assertThat(c.generation()).isEmpty();
        assertThat(c.networkId()).isEqualTo(OptionalInt.of(2));
        assertThat(c.extensions()).hasSize(2);
        assertThat(c.withExtension("a", "b").extensions()).extracting(Candidate.Extension::name)
                .isEqualTo(List.of("generation", "network-id", "a"));
    }
}
