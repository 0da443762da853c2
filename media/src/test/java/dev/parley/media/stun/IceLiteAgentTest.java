package dev.parley.media.stun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.stun.IceCheckResult.Verdict;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IceLiteAgentTest {
    private static final IceCredentials LOCAL = new IceCredentials("srvU", "server-password-22chars");
    private static final String REMOTE_UFRAG = "brwU";
    private static final String GOOD_USERNAME = "srvU:brwU";
    private static final InetSocketAddress WIFI = new InetSocketAddress("192.0.2.10", 50000);
    private static final InetSocketAddress LTE = new InetSocketAddress("2001:db8::20", 61000);

    private ManualClock clock;
    private IceLiteAgent agent;
    private long txCounter;

    @BeforeEach
    void createAgent() {
        clock = new ManualClock();
        agent = new IceLiteAgent(LOCAL, Optional.of(REMOTE_UFRAG), clock);
    }

    @Test
    void validCheckIsAnsweredWithAuthenticatedXorMappedAddress() throws Exception {
        TransactionId tx = nextTx();
        byte[] request = check(tx, GOOD_USERNAME, LOCAL.password(), false).build();

        IceCheckResult result = handle(request, WIFI);

        assertThat(result.verdict()).isEqualTo(Verdict.SUCCESS);
        assertThat(result.selectionChanged()).isFalse();
        StunMessage response = parse(result);
        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(response.transactionId()).isEqualTo(tx);
        assertThat(response.xorMappedAddress()).contains(WIFI);
        assertThat(response.verifyMessageIntegrity(LOCAL.messageIntegrity())).isTrue();
        assertThat(response.verifyFingerprint()).isTrue();
        assertThat(response.attributes()).extracting(StunAttribute::type).containsExactly(
                StunAttributeType.XOR_MAPPED_ADDRESS, StunAttributeType.MESSAGE_INTEGRITY,
                StunAttributeType.FINGERPRINT);
        assertThat(agent.selectedAddress()).isEmpty();
    }

    @Test
    void useCandidateNominatesTheSender() throws Exception {
        IceCheckResult result = handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), true).build(), WIFI);

        assertThat(result.verdict()).isEqualTo(Verdict.SUCCESS);
        assertThat(result.selectionChanged()).isTrue();
        assertThat(agent.selectedAddress()).contains(WIFI);

        IceCheckResult again = handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), true).build(), WIFI);
        assertThat(again.selectionChanged()).isFalse();
        assertThat(agent.selectedAddress()).contains(WIFI);
    }

    @Test
    void laterNominationOfAnotherAddressMovesTheSelection() throws Exception {
        handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), true).build(), WIFI);

        IceCheckResult plainCheck = handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), false).build(), LTE);
        assertThat(plainCheck.selectionChanged()).isFalse();
        assertThat(agent.selectedAddress()).contains(WIFI);

        IceCheckResult moved = handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), true).build(), LTE);
        assertThat(moved.selectionChanged()).isTrue();
        assertThat(agent.selectedAddress()).contains(LTE);
        assertThat(parse(moved).xorMappedAddress()).contains(LTE);
    }

    @Test
    void anIceRestartTakesNewCredentialsKeepsTheSelectionAndDoesNotRefreshConsent() throws Exception {
        handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), true).build(), WIFI);
        clock.advance(java.time.Duration.ofSeconds(20));
        IceCredentials fresh = new IceCredentials("newU", "new-password-0123456789ab");

        agent = agent.restarted(fresh); // RFC 8445 §9

        assertThat(agent.localCredentials()).isEqualTo(fresh);
        assertThat(agent.selectedAddress()).contains(WIFI);
        assertThat(handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), false).build(), WIFI).verdict())
                .as("the old credentials no longer pass").isEqualTo(Verdict.UNAUTHORIZED);
        clock.advance(java.time.Duration.ofSeconds(10));
        assertThat(agent.pollConsentExpiry()).as("30 s after the last valid check, restart or not").isTrue();
    }

    @Test
    void aCheckWithTheRestartedCredentialsRefreshesConsent() throws Exception {
        handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), true).build(), WIFI);
        IceCredentials fresh = new IceCredentials("newU", "new-password-0123456789ab");
        agent = agent.restarted(fresh);
        clock.advance(java.time.Duration.ofSeconds(20));

        IceCheckResult r = handle(check(nextTx(), "newU:brwU", fresh.password(), true).build(), LTE);

        assertThat(r.verdict()).isEqualTo(Verdict.SUCCESS);
        assertThat(agent.selectedAddress()).contains(LTE);
        clock.advance(java.time.Duration.ofSeconds(20));
        assertThat(agent.pollConsentExpiry()).isFalse();
    }

    @Test
    void requestWithoutUsernameGets400() throws Exception {
        TransactionId tx = nextTx();
        byte[] request = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, tx).priority(1).useCandidate()
                .messageIntegrity(LOCAL.messageIntegrity()).fingerprint().build();

        assertUnauthenticatedError(handle(request, WIFI), Verdict.BAD_REQUEST, 400, tx);
        assertThat(agent.selectedAddress()).isEmpty();
    }

    @Test
    void requestWithoutMessageIntegrityGets400() throws Exception {
        TransactionId tx = nextTx();
        byte[] request = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, tx)
                .username(GOOD_USERNAME).useCandidate().fingerprint().build();

        assertUnauthenticatedError(handle(request, WIFI), Verdict.BAD_REQUEST, 400, tx);
        assertThat(agent.selectedAddress()).isEmpty();
    }

    @Test
    void requestWithoutFingerprintGets400() throws Exception {
        TransactionId tx = nextTx();
        byte[] request = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, tx)
                .username(GOOD_USERNAME).messageIntegrity(LOCAL.messageIntegrity()).build();

        assertUnauthenticatedError(handle(request, WIFI), Verdict.BAD_REQUEST, 400, tx);
    }

    @Test
    void bindingRequestWithAMalformedAttributeGets400() throws Exception {
        TransactionId tx = nextTx();
        byte[] request = check(tx, GOOD_USERNAME, LOCAL.password(), true).build();
        request[20 + 4 + 12 + 3] = 5; // the PRIORITY length, after USERNAME "srvU:brwU" (9 + 3 padding)

        assertUnauthenticatedError(handle(request, WIFI), Verdict.BAD_REQUEST, 400, tx);
    }

    @Test
    void wrongLocalUfragGets401() throws Exception {
        TransactionId tx = nextTx();
        byte[] request = check(tx, "other:brwU", LOCAL.password(), true).build();

        assertUnauthenticatedError(handle(request, WIFI), Verdict.UNAUTHORIZED, 401, tx);
        assertThat(agent.selectedAddress()).isEmpty();
    }

    @Test
    void wrongRemoteUfragGets401WhenTheRemoteUfragIsKnown() throws Exception {
        TransactionId tx = nextTx();
        assertUnauthenticatedError(handle(check(tx, "srvU:intruder", LOCAL.password(), true).build(), WIFI),
                Verdict.UNAUTHORIZED, 401, tx);
        assertUnauthenticatedError(handle(check(tx, "srvU:brwUX", LOCAL.password(), true).build(), WIFI),
                Verdict.UNAUTHORIZED, 401, tx);
        assertUnauthenticatedError(handle(check(tx, "srvU", LOCAL.password(), true).build(), WIFI),
                Verdict.UNAUTHORIZED, 401, tx);
    }

    @Test
    void anyRemoteUfragIsAcceptedWhenUnknownButNotAnEmptyOne() throws Exception {
        IceLiteAgent openAgent = new IceLiteAgent(LOCAL, Optional.empty(), clock);
        byte[] anyRemote = check(nextTx(), "srvU:whoever", LOCAL.password(), true).build();
        byte[] emptyRemote = check(nextTx(), "srvU:", LOCAL.password(), true).build();

        assertThat(openAgent.handle(anyRemote, 0, anyRemote.length, WIFI).verdict()).isEqualTo(Verdict.SUCCESS);
        assertThat(openAgent.handle(emptyRemote, 0, emptyRemote.length, WIFI).verdict())
                .isEqualTo(Verdict.UNAUTHORIZED);
    }

    @Test
    void wrongMessageIntegrityGets401() throws Exception {
        TransactionId tx = nextTx();
        byte[] request = check(tx, GOOD_USERNAME, "not-the-server-password", true).build();

        assertUnauthenticatedError(handle(request, WIFI), Verdict.UNAUTHORIZED, 401, tx);
        assertThat(agent.selectedAddress()).isEmpty();
    }

    @Test
    void unknownComprehensionRequiredAttributeGets420ListingIt() throws Exception {
        TransactionId tx = nextTx();
        byte[] request = check(tx, GOOD_USERNAME, LOCAL.password(), true)
                .attribute(new StunAttribute(0x0003, new byte[4])).build();

        IceCheckResult result = handle(request, WIFI);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN_ATTRIBUTE);
        StunMessage response = parse(result);
        assertThat(response.errorCode().map(StunErrorCode::code)).contains(420);
        assertThat(response.unknownAttributes()).containsExactly(0x0003);
        assertThat(response.verifyMessageIntegrity(LOCAL.messageIntegrity())).isTrue();
        assertThat(response.verifyFingerprint()).isTrue();
        assertThat(agent.selectedAddress()).isEmpty();
    }

    @Test
    void unknownComprehensionOptionalAttributeIsIgnored() throws Exception {
        byte[] request = check(nextTx(), GOOD_USERNAME, LOCAL.password(), true)
                .attribute(new StunAttribute(0xC057, new byte[] {0, 1, 0, 0})).build();

        assertThat(handle(request, WIFI).verdict()).isEqualTo(Verdict.SUCCESS);
    }

    @Test
    void peerClaimingTheControlledRoleGets487AndNoNomination() throws Exception {
        TransactionId tx = nextTx();
        byte[] request = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, tx)
                .username(GOOD_USERNAME).priority(1).iceControlled(-1L).useCandidate()
                .messageIntegrity(LOCAL.messageIntegrity()).fingerprint().build();

        IceCheckResult result = handle(request, WIFI);

        assertThat(result.verdict()).isEqualTo(Verdict.ROLE_CONFLICT);
        StunMessage response = parse(result);
        assertThat(response.errorCode()).contains(new StunErrorCode(487, "Role Conflict"));
        assertThat(response.verifyMessageIntegrity(LOCAL.messageIntegrity())).isTrue();
        assertThat(agent.selectedAddress()).isEmpty();
    }

    @Test
    void rfc5769SampleRequestIsAuthenticatedAndDrawsARoleConflict() throws Exception {
        // §2.1 is addressed to ufrag "evtj" from "h6vY" and carries ICE-CONTROLLED.
        IceLiteAgent sampleAgent = new IceLiteAgent(
                new IceCredentials("evtj", Rfc5769Samples.SHORT_TERM_PASSWORD), Optional.of("h6vY"), clock);
        byte[] sample = Rfc5769Samples.REQUEST;

        IceCheckResult result = sampleAgent.handle(sample, 0, sample.length, WIFI);

        assertThat(result.verdict()).isEqualTo(Verdict.ROLE_CONFLICT);
        assertThat(parse(result).transactionId()).isEqualTo(StunMessage.parse(sample, 0, sample.length).transactionId());
    }

    @Test
    void wrongFingerprintNonStunAndNonRequestsAreDroppedSilently() throws Exception {
        byte[] badFingerprint = check(nextTx(), GOOD_USERNAME, LOCAL.password(), true).build();
        badFingerprint[badFingerprint.length - 1] ^= 1;
        byte[] rtp = new byte[40];
        rtp[0] = (byte) 0x80;
        byte[] indication = new StunMessageBuilder(StunMessageType.BINDING_INDICATION, nextTx()).fingerprint().build();
        byte[] response = new StunMessageBuilder(StunMessageType.BINDING_SUCCESS, nextTx()).fingerprint().build();
        byte[] allocate = new StunMessageBuilder(new StunMessageType(StunClass.REQUEST, 0x003), nextTx())
                .username(GOOD_USERNAME).messageIntegrity(LOCAL.messageIntegrity()).fingerprint().build();
        byte[] garbageAfterCookie = response.clone();
        garbageAfterCookie[3] = 7;

        for (byte[] datagram : new byte[][] {badFingerprint, rtp, indication, response, allocate, garbageAfterCookie}) {
            IceCheckResult result = handle(datagram, WIFI);
            assertThat(result.verdict()).isEqualTo(Verdict.DROPPED);
            assertThat(result.response()).isEmpty();
        }
        assertThat(agent.selectedAddress()).isEmpty();
    }

    @Test
    void consentExpiresExactlyAtTheTimeoutAfterTheLastValidCheck() throws Exception {
        clock.advance(Duration.ofSeconds(10));
        handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), true).build(), WIFI);
        assertThat(agent.consentDeadline()).isEqualTo(clock.instant().plusSeconds(30));

        clock.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(agent.isConsentExpired()).isFalse();
        assertThat(agent.pollConsentExpiry()).isFalse();

        clock.advanceMillis(1);
        assertThat(agent.isConsentExpired()).isTrue();
        assertThat(agent.pollConsentExpiry()).isTrue();
        assertThat(agent.pollConsentExpiry()).isFalse();
        assertThat(agent.isConsentExpired()).isTrue();
    }

    @Test
    void consentClockStartsAtConstructionWhenNoCheckArrives() {
        clock.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(agent.pollConsentExpiry()).isFalse();
        clock.advanceMillis(1);
        assertThat(agent.pollConsentExpiry()).isTrue();
    }

    @Test
    void checksFromAnotherAddressThanTheSelectedOneDoNotRefreshConsent() throws Exception {
        handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), true).build(), WIFI);
        clock.advance(Duration.ofSeconds(20));
        handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), false).build(), LTE);
        handle(check(nextTx(), GOOD_USERNAME, "wrong-password", false).build(), WIFI);
        clock.advance(Duration.ofSeconds(10));

        assertThat(agent.isConsentExpired()).isTrue();
    }

    @Test
    void checksFromTheSelectedAddressKeepConsentAlive() throws Exception {
        handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), true).build(), WIFI);
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(5));
            handle(check(nextTx(), GOOD_USERNAME, LOCAL.password(), false).build(), WIFI);
            assertThat(agent.pollConsentExpiry()).isFalse();
        }
    }

    @Test
    void expiredConsentIsFinalEvenIfAValidCheckArrivesLater() throws Exception {
        IceLiteAgent shortConsent = new IceLiteAgent(LOCAL, Optional.of(REMOTE_UFRAG), clock, Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(6));
        byte[] late = check(nextTx(), GOOD_USERNAME, LOCAL.password(), true).build();

        IceCheckResult result = shortConsent.handle(late, 0, late.length, WIFI);

        assertThat(result.verdict()).isEqualTo(Verdict.SUCCESS);
        assertThat(shortConsent.isConsentExpired()).isTrue();
        assertThat(shortConsent.pollConsentExpiry()).isTrue();
    }

    private IceCheckResult handle(byte[] datagram, InetSocketAddress from) {
        return agent.handle(datagram, 0, datagram.length, from);
    }

    private TransactionId nextTx() {
        return new TransactionId(0x1234_5678_0000_0000L + txCounter, (int) ++txCounter);
    }

    /** A connectivity check as a browser sends it (RFC 8445 §7.2.2). */
    private static StunMessageBuilder check(TransactionId tx, String username, String password, boolean nominate) {
        StunMessageBuilder builder = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, tx)
                .username(username).priority(1853824767L).iceControlling(0x1122334455667788L);
        if (nominate) {
            builder.useCandidate();
        }
        return builder.messageIntegrity(MessageIntegrity.shortTerm(password)).fingerprint();
    }

    private static StunMessage parse(IceCheckResult result) throws StunParseException {
        byte[] bytes = result.response().orElseThrow();
        return StunMessage.parse(bytes, 0, bytes.length);
    }

    private static void assertUnauthenticatedError(IceCheckResult result, Verdict verdict, int code, TransactionId tx)
            throws StunParseException {
        assertThat(result.verdict()).isEqualTo(verdict);
        assertThat(result.selectionChanged()).isFalse();
        StunMessage response = parse(result);
        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_ERROR);
        assertThat(response.transactionId()).isEqualTo(tx);
        assertThat(response.errorCode().map(StunErrorCode::code)).contains(code);
        assertThat(response.hasMessageIntegrity()).isFalse();
        assertThat(response.verifyFingerprint()).isTrue();
    }
}
