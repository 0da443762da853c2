package dev.parley.media.stun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.stun.IceCheckResult.Verdict;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A controlling client and the lite server talking over an in-memory link driven by a manual clock. */
class IceExchangeTest {
    private static final IceCredentials CLIENT = new IceCredentials("cliU", "client-password-22chars");
    private static final IceCredentials SERVER = new IceCredentials("srvU", "server-password-22chars");
    private static final InetSocketAddress SERVER_ADDRESS = new InetSocketAddress("198.51.100.1", 8000);
    private static final InetSocketAddress CLIENT_ADDRESS = new InetSocketAddress("203.0.113.9", 40000);

    private ManualClock clock;
    private IceLiteAgent server;
    private IceControllingAgent client;
    private List<IceConnectionState> clientStates;
    private int datagramsSent;

    @BeforeEach
    void createAgents() {
        clock = new ManualClock();
        server = new IceLiteAgent(SERVER, Optional.of(CLIENT.ufrag()), clock);
        clientStates = new ArrayList<>();
        client = new IceControllingAgent(CLIENT, SERVER, clock, new SplittableRandom(3), IceTimers.DEFAULT,
                clientStates::add);
        client.addRemoteCandidate(SERVER_ADDRESS);
    }

    @Test
    void bothSidesSelectThePairAndStayConnectedOnConsentChecks() {
        run(Duration.ofMillis(10), n -> true);

        assertThat(client.state()).isEqualTo(IceConnectionState.CONNECTED);
        assertThat(client.selectedAddress()).contains(SERVER_ADDRESS);
        assertThat(server.selectedAddress()).contains(CLIENT_ADDRESS);

        run(Duration.ofMinutes(2), n -> true);

        assertThat(client.state()).isEqualTo(IceConnectionState.CONNECTED);
        assertThat(server.pollConsentExpiry()).isFalse();
        assertThat(clientStates).containsExactly(IceConnectionState.CONNECTED);
        // About one consent check every 5 s, no retransmission on a perfect link.
        assertThat(datagramsSent).isBetween(1 + 20, 1 + 30);
    }

    @Test
    void retransmissionsGetThroughALossyStart() {
        run(Duration.ofSeconds(5), n -> n > 2); // the first two checks are lost

        assertThat(client.state()).isEqualTo(IceConnectionState.CONNECTED);
        assertThat(server.selectedAddress()).contains(CLIENT_ADDRESS);
        assertThat(datagramsSent).isEqualTo(3);
    }

    @Test
    void aCutLinkExpiresConsentOnBothSides() {
        run(Duration.ofSeconds(20), n -> true);
        assertThat(client.state()).isEqualTo(IceConnectionState.CONNECTED);
        int beforeCut = datagramsSent;

        run(Duration.ofSeconds(40), n -> n <= beforeCut);

        assertThat(client.state()).isEqualTo(IceConnectionState.CONSENT_LOST);
        assertThat(server.pollConsentExpiry()).isTrue();
        assertThat(server.pollConsentExpiry()).isFalse();
    }

    @Test
    void wrongServerPasswordNeverConnects() {
        client = new IceControllingAgent(CLIENT, new IceCredentials("srvU", "not-the-server-password"), clock,
                new SplittableRandom(3), IceTimers.DEFAULT, clientStates::add);
        client.addRemoteCandidate(SERVER_ADDRESS);

        run(Duration.ofSeconds(1), n -> true);

        assertThat(client.state()).isEqualTo(IceConnectionState.FAILED);
        assertThat(server.selectedAddress()).isEmpty();
    }

    /** Polls the client every 10 ms; a datagram numbered n (from 1) is delivered if {@code delivered} says so. */
    private void run(Duration duration, IntPredicate delivered) {
        for (long t = 0; t < duration.toMillis(); t += 10) {
            for (IceTransmission transmission : client.poll()) {
                datagramsSent++;
                if (!delivered.test(datagramsSent)) {
                    continue;
                }
                byte[] request = transmission.datagram();
                IceCheckResult result = server.handle(request, 0, request.length, CLIENT_ADDRESS);
                assertThat(result.verdict()).isIn(Verdict.SUCCESS, Verdict.UNAUTHORIZED);
                byte[] response = result.response().orElseThrow();
                assertThat(client.handle(response, 0, response.length, transmission.destination())).isTrue();
            }
            clock.advanceMillis(10);
        }
    }
}
