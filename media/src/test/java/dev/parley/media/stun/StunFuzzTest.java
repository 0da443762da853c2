package dev.parley.media.stun;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Round-trip property of the STUN codec: whatever {@link StunMessage#parse} accepts re-serialises to
 * bytes that parse to an equal message, byte-stable on a second pass; the builder reproduces its
 * attributes; the peeks agree with the full parse; and the ICE-lite agent answers anything without
 * throwing, with a response that parses. Only {@link StunParseException} may escape the parser.
 *
 * <p>Corpus: {@code src/test/resources/dev/parley/media/stun/StunFuzzTestInputs/roundTrip/} (the RFC 5769
 * samples, a valid check for the agent below, and broken messages). Longer runs:
 * {@code JAZZER_FUZZ=1 mvn -pl media test -Dtest=StunFuzzTest}.
 */
class StunFuzzTest {
    /** Fixed credentials: the corpus file {@code lite_agent_check} is a valid nominating check for them. */
    private static final IceLiteAgent AGENT = new IceLiteAgent(new IceCredentials("fuzz", "fuzz-password-22-chars"),
            Optional.empty(), Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.1", 5000);

    @FuzzTest
    void roundTrip(byte[] data) throws StunParseException {
        Optional<String> peekedUsername = StunMessage.peekUsername(data, 0, data.length);
        Optional<String> peekedUfrag = StunMessage.peekLocalUfrag(data, 0, data.length);
        answerParses(AGENT.handle(data, 0, data.length, PEER));

        StunMessage parsed;
        try {
            parsed = StunMessage.parse(data, 0, data.length);
        } catch (StunParseException rejected) {
            return;
        }
        readEveryGetter(parsed);

        byte[] written = parsed.toByteArray();
        StunMessage reparsed = StunMessage.parse(written, 0, written.length);
        assertThat(reparsed).isEqualTo(parsed);
        assertThat(reparsed.attributes()).isEqualTo(parsed.attributes());
        assertThat(reparsed.toByteArray()).isEqualTo(written);

        assertThat(peekedUsername).isEqualTo(parsed.username());
        assertThat(peekedUfrag).isEqualTo(parsed.username().filter(u -> u.indexOf(':') >= 0)
                .map(u -> u.substring(0, u.indexOf(':'))));

        rebuildWithTheBuilder(parsed);
    }

    private static void rebuildWithTheBuilder(StunMessage parsed) throws StunParseException {
        StunMessageBuilder builder = new StunMessageBuilder(parsed.type(), parsed.transactionId());
        List<StunAttribute> plain = parsed.attributes().stream()
                .filter(a -> a.type() != StunAttributeType.MESSAGE_INTEGRITY && a.type() != StunAttributeType.FINGERPRINT)
                .toList();
        plain.forEach(builder::attribute);
        byte[] built = builder.fingerprint().build();
        StunMessage rebuilt = StunMessage.parse(built, 0, built.length);
        assertThat(rebuilt.attributes().subList(0, plain.size())).isEqualTo(plain);
        assertThat(rebuilt.verifyFingerprint()).isTrue();
    }

    private static void readEveryGetter(StunMessage message) {
        message.username();
        message.software();
        message.realm();
        message.nonce();
        message.priority();
        message.useCandidate();
        message.iceControlling();
        message.iceControlled();
        message.xorMappedAddress();
        message.mappedAddress();
        message.errorCode();
        message.unknownAttributes();
        message.unknownComprehensionRequired();
        message.verifyFingerprint();
        message.toString();
    }

    private static void answerParses(IceCheckResult result) throws StunParseException {
        if (result.response().isPresent()) {
            byte[] response = result.response().get();
            StunMessage answer = StunMessage.parse(response, 0, response.length);
            assertThat(answer.verifyFingerprint()).isTrue();
        }
    }
}
