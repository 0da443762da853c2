package dev.parley.media.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IceControllingAgentTest {
    private static final IceCredentials CLIENT = new IceCredentials("cliU", "client-password-22chars");
    private static final IceCredentials SERVER = new IceCredentials("srvU", "server-password-22chars");
    private static final InetSocketAddress SERVER_V4 = new InetSocketAddress("198.51.100.1", 8000);
    private static final InetSocketAddress SERVER_V6 = new InetSocketAddress("2001:db8::1", 8000);
    private static final InetSocketAddress CLIENT_SEEN = new InetSocketAddress("203.0.113.9", 40000);

    private ManualClock clock;
    private List<IceConnectionState> states;
    private IceControllingAgent agent;

    @BeforeEach
    void createAgent() {
        clock = new ManualClock();
        states = new ArrayList<>();
        agent = new IceControllingAgent(CLIENT, SERVER, clock, new SplittableRandom(7), IceTimers.DEFAULT, states::add);
    }

    @Test
    void firstPollSendsANominatingCheckToEachCandidate() throws Exception {
        agent.addRemoteCandidate(SERVER_V4);
        agent.addRemoteCandidate(SERVER_V6);

        List<IceTransmission> sent = agent.poll();

        assertThat(sent).extracting(IceTransmission::destination).containsExactlyInAnyOrder(SERVER_V4, SERVER_V6);
        for (IceTransmission transmission : sent) {
            StunMessage check = parse(transmission.datagram());
            assertThat(check.type()).isEqualTo(StunMessageType.BINDING_REQUEST);
            assertThat(check.username()).contains("srvU:cliU");
            assertThat(check.priority()).hasValue(IceControllingAgent.DEFAULT_PRIORITY);
            assertThat(check.iceControlling()).hasValue(agent.tieBreaker());
            assertThat(check.useCandidate()).isTrue();
            assertThat(check.verifyMessageIntegrity(SERVER.messageIntegrity())).isTrue();
            assertThat(check.verifyFingerprint()).isTrue();
        }
        assertThat(agent.pairState(SERVER_V4)).contains(IcePairState.IN_PROGRESS);
        assertThat(agent.state()).isEqualTo(IceConnectionState.CHECKING);
        assertThat(IceControllingAgent.DEFAULT_PRIORITY).isEqualTo(0x6EFFFFFFL);
    }

    @Test
    void unansweredCheckIsRetransmittedOnTheRfc8489ScheduleThenFails() {
        agent.addRemoteCandidate(SERVER_V4);
        byte[] first = agent.poll().get(0).datagram();
        long[] retransmitAt = {500, 1500, 3500, 7500, 15500, 31500};
        long elapsed = 0;
        for (long at : retransmitAt) {
            clock.advanceMillis(at - 1 - elapsed);
            assertThat(agent.poll()).as("just before %d ms", at).isEmpty();
            clock.advanceMillis(1);
            elapsed = at;
            List<IceTransmission> sent = agent.poll();
            assertThat(sent).as("at %d ms", at).hasSize(1);
            assertThat(sent.get(0).datagram()).isEqualTo(first);
        }
        assertThat(agent.nextPollTime()).contains(clock.instant().plusMillis(8000));

        clock.advanceMillis(7999); // 39 499 ms: Rm x RTO after the seventh transmission is 39 500 ms
        assertThat(agent.poll()).isEmpty();
        assertThat(agent.state()).isEqualTo(IceConnectionState.CHECKING);

        clock.advanceMillis(1);
        assertThat(agent.poll()).isEmpty();
        assertThat(agent.pairState(SERVER_V4)).contains(IcePairState.FAILED);
        assertThat(agent.state()).isEqualTo(IceConnectionState.FAILED);
        assertThat(states).containsExactly(IceConnectionState.FAILED);
        assertThat(agent.nextPollTime()).isEmpty();
    }

    @Test
    void authenticatedSuccessResponseSelectsThePair() throws Exception {
        agent.addRemoteCandidate(SERVER_V4);
        StunMessage check = parse(agent.poll().get(0).datagram());

        byte[] response = success(check.transactionId(), SERVER.password());
        assertThat(agent.handle(response, 0, response.length, SERVER_V4)).isTrue();

        assertThat(agent.state()).isEqualTo(IceConnectionState.CONNECTED);
        assertThat(agent.selectedAddress()).contains(SERVER_V4);
        assertThat(agent.pairState(SERVER_V4)).contains(IcePairState.SUCCEEDED);
        assertThat(states).containsExactly(IceConnectionState.CONNECTED);
        clock.advanceMillis(500);
        assertThat(agent.poll()).as("no retransmission once answered").isEmpty();
    }

    @Test
    void responsesWithUnknownTransactionOrWrongIntegrityAreIgnored() throws Exception {
        agent.addRemoteCandidate(SERVER_V4);
        StunMessage check = parse(agent.poll().get(0).datagram());

        byte[] otherTx = success(new TransactionId(1, 1), SERVER.password());
        byte[] forged = success(check.transactionId(), "guessed-password");
        byte[] unsigned = new StunMessageBuilder(StunMessageType.BINDING_SUCCESS, check.transactionId())
                .xorMappedAddress(CLIENT_SEEN).fingerprint().build();

        assertThat(agent.handle(otherTx, 0, otherTx.length, SERVER_V4)).isFalse();
        assertThat(agent.handle(forged, 0, forged.length, SERVER_V4)).isFalse();
        assertThat(agent.handle(unsigned, 0, unsigned.length, SERVER_V4)).isFalse();
        assertThat(agent.handle(new byte[] {1, 2, 3}, 0, 3, SERVER_V4)).isFalse();
        assertThat(agent.state()).isEqualTo(IceConnectionState.CHECKING);
        clock.advanceMillis(500);
        assertThat(agent.poll()).as("still retransmitting").hasSize(1);
    }

    @Test
    void successFromAnotherAddressFailsThePair() throws Exception {
        agent.addRemoteCandidate(SERVER_V4);
        StunMessage check = parse(agent.poll().get(0).datagram());

        byte[] response = success(check.transactionId(), SERVER.password());
        assertThat(agent.handle(response, 0, response.length, SERVER_V6)).isTrue();

        assertThat(agent.pairState(SERVER_V4)).contains(IcePairState.FAILED);
        assertThat(agent.state()).isEqualTo(IceConnectionState.FAILED);
    }

    @Test
    void errorResponseFailsThePair() throws Exception {
        agent.addRemoteCandidate(SERVER_V4);
        StunMessage check = parse(agent.poll().get(0).datagram());
        byte[] unauthorized = new StunMessageBuilder(StunMessageType.BINDING_ERROR, check.transactionId())
                .errorCode(new StunErrorCode(401, "Unauthorized")).fingerprint().build();

        assertThat(agent.handle(unauthorized, 0, unauthorized.length, SERVER_V4)).isTrue();

        assertThat(agent.pairState(SERVER_V4)).contains(IcePairState.FAILED);
        assertThat(agent.state()).isEqualTo(IceConnectionState.FAILED);
    }

    @Test
    void theFirstPairToSucceedWinsAndChecksOnTheOthersStop() throws Exception {
        agent.addRemoteCandidate(SERVER_V4);
        agent.addRemoteCandidate(SERVER_V6);
        List<IceTransmission> sent = agent.poll();
        IceTransmission toV6 = sent.stream().filter(t -> t.destination().equals(SERVER_V6)).findFirst().orElseThrow();

        byte[] response = success(parse(toV6.datagram()).transactionId(), SERVER.password());
        agent.handle(response, 0, response.length, SERVER_V6);

        assertThat(agent.selectedAddress()).contains(SERVER_V6);
        assertThat(agent.pairState(SERVER_V4)).contains(IcePairState.FAILED);
        clock.advanceMillis(3000);
        assertThat(agent.poll()).isEmpty();
        assertThat(agent.state()).isEqualTo(IceConnectionState.CONNECTED);
    }

    @Test
    void consentChecksRunEveryFourToSixSecondsWithoutNomination() throws Exception {
        connect();
        long lastCheckAt = 0;
        long elapsed = 0;
        int checks = 0;
        while (checks < 10) {
            clock.advanceMillis(100);
            elapsed += 100;
            for (IceTransmission transmission : agent.poll()) {
                StunMessage consent = parse(transmission.datagram());
                assertThat(transmission.destination()).isEqualTo(SERVER_V4);
                assertThat(consent.useCandidate()).isFalse();
                assertThat(consent.iceControlling()).hasValue(agent.tieBreaker());
                assertThat(consent.verifyMessageIntegrity(SERVER.messageIntegrity())).isTrue();
                assertThat(elapsed - lastCheckAt).isBetween(4000L, 6100L);
                lastCheckAt = elapsed;
                checks++;
                byte[] response = success(consent.transactionId(), SERVER.password());
                assertThat(agent.handle(response, 0, response.length, SERVER_V4)).isTrue();
            }
        }
        assertThat(agent.state()).isEqualTo(IceConnectionState.CONNECTED);
    }

    @Test
    void consentIsLostExactlyThirtySecondsAfterTheLastResponse() throws Exception {
        connect();
        // Answer consent checks for a while, then stop answering.
        long lastResponse = 0;
        for (long t = 100; t <= 12_000; t += 100) {
            clock.advanceMillis(100);
            for (IceTransmission transmission : agent.poll()) {
                byte[] response = success(parse(transmission.datagram()).transactionId(), SERVER.password());
                agent.handle(response, 0, response.length, SERVER_V4);
                lastResponse = t;
            }
        }
        assertThat(lastResponse).isGreaterThan(7000);
        long now = 12_000;
        clock.advanceMillis(lastResponse + 30_000 - 1 - now);
        agent.poll();
        assertThat(agent.state()).isEqualTo(IceConnectionState.CONNECTED);

        clock.advanceMillis(1);
        assertThat(agent.poll()).isEmpty();
        assertThat(agent.state()).isEqualTo(IceConnectionState.CONSENT_LOST);
        assertThat(states).containsExactly(IceConnectionState.CONNECTED, IceConnectionState.CONSENT_LOST);
        clock.advanceMillis(10_000);
        assertThat(agent.poll()).isEmpty();
    }

    private void connect() throws Exception {
        agent.addRemoteCandidate(SERVER_V4);
        StunMessage check = parse(agent.poll().get(0).datagram());
        byte[] response = success(check.transactionId(), SERVER.password());
        agent.handle(response, 0, response.length, SERVER_V4);
        assertThat(agent.state()).isEqualTo(IceConnectionState.CONNECTED);
    }

    private static byte[] success(TransactionId tx, String password) {
        return new StunMessageBuilder(StunMessageType.BINDING_SUCCESS, tx).xorMappedAddress(CLIENT_SEEN)
                .messageIntegrity(MessageIntegrity.shortTerm(password)).fingerprint().build();
    }

    private static StunMessage parse(byte[] datagram) throws StunParseException {
        return StunMessage.parse(datagram, 0, datagram.length);
    }
}
