package dev.parley.media.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.stun.IceCheckResult.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The committed fuzz seeds are what their names say, so the corpus keeps reaching the interesting paths. */
class StunFuzzCorpusTest {
    private static final String CORPUS = "StunFuzzTestInputs/roundTrip/";

    @Test
    void rfcSeedsAreTheRfc5769Samples() throws IOException {
        assertThat(seed("rfc5769_2_1_request")).isEqualTo(Rfc5769Samples.REQUEST);
        assertThat(seed("rfc5769_2_2_ipv4_response")).isEqualTo(Rfc5769Samples.IPV4_RESPONSE);
        assertThat(seed("rfc5769_2_3_ipv6_response")).isEqualTo(Rfc5769Samples.IPV6_RESPONSE);
        assertThat(seed("rfc5769_2_4_long_term_request")).isEqualTo(Rfc5769Samples.LONG_TERM_REQUEST);
    }

    @Test
    void brokenSeedsAreRejected() throws IOException {
        for (String name : new String[] {"broken_truncated_request", "broken_oversized_length",
                "broken_attribute_overrun", "broken_attribute_after_fingerprint", "broken_bad_priority_length",
                "not_stun_rtp"}) {
            byte[] data = seed(name);
            assertThatThrownBy(() -> StunMessage.parse(data, 0, data.length)).as(name)
                    .isInstanceOf(StunParseException.class);
        }
    }

    @Test
    void agentSeedsReachEachVerdict() throws Exception {
        IceLiteAgent agent = new IceLiteAgent(new IceCredentials("fuzz", "fuzz-password-22-chars"), Optional.empty(),
                Clock.systemUTC());
        InetSocketAddress peer = new InetSocketAddress("192.0.2.1", 5000);

        assertThat(verdict(agent, "lite_agent_check", peer)).isEqualTo(Verdict.SUCCESS);
        assertThat(agent.selectedAddress()).contains(peer);
        assertThat(verdict(agent, "lite_agent_role_conflict", peer)).isEqualTo(Verdict.ROLE_CONFLICT);
        assertThat(verdict(agent, "unknown_required_attribute", peer)).isEqualTo(Verdict.UNKNOWN_ATTRIBUTE);
        assertThat(verdict(agent, "broken_bad_priority_length", peer)).isEqualTo(Verdict.BAD_REQUEST);

        byte[] ignored = seed("ignored_after_integrity");
        StunMessage parsed = StunMessage.parse(ignored, 0, ignored.length);
        assertThat(parsed.attributeCount()).isEqualTo(4);
        byte[] error = seed("error_420_response");
        assertThat(StunMessage.parse(error, 0, error.length).unknownAttributes()).containsExactly(0x0003);
    }

    private static Verdict verdict(IceLiteAgent agent, String name, InetSocketAddress peer) throws IOException {
        byte[] data = seed(name);
        return agent.handle(data, 0, data.length, peer).verdict();
    }

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = StunFuzzCorpusTest.class.getResourceAsStream(CORPUS + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
