package dev.parley.media.stun;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The controlling side of ICE against a lite peer such as Parley's server (RFC 8445 §7.2, aggressive
 * nomination): for a Java client with a single local socket.
 *
 * <p>Each remote candidate makes a pair. Every check carries USERNAME "remoteUfrag:localUfrag",
 * PRIORITY, ICE-CONTROLLING with our tie-breaker, USE-CANDIDATE, MESSAGE-INTEGRITY keyed with the remote
 * password and FINGERPRINT (RFC 8445 §7.2.2, §8.1.1). The first pair whose check draws an authenticated
 * success response from the address it was sent to becomes the selected pair; checks on the other pairs
 * stop, so that the lite peer, which follows the latest nomination, settles on the same pair
 * (RFC 8445 §8.1.2). Unanswered requests are retransmitted on the RFC 8489 §6.2.1 schedule.
 *
 * <p>Once connected, consent checks (RFC 7675 §5.1) go to the selected pair every consent interval,
 * randomised to 0.8-1.2 times; without an authenticated success response for the consent timeout,
 * the state becomes {@link IceConnectionState#CONSENT_LOST}.
 *
 * <p>Driving it: call {@link #poll()} at {@link #nextPollTime()} (or periodically, e.g. every 50 ms) and
 * send what it returns; pass every datagram received on the socket to {@link #handle}. Pacing of the
 * first checks (RFC 8445 §14.2, Ta) is left out: all pairs start at once, fine for the few candidates
 * of an SFU. Incoming requests are ignored: a lite peer sends none.
 *
 * <p>Threading: not thread-safe; use one agent from one thread (its socket's event loop).
 */
public final class IceControllingAgent {
    /**
     * PRIORITY of our checks, that of a peer-reflexive candidate (RFC 8445 §5.1.2.1, §7.1.1): type
     * preference 110, local preference 65535, component 1.
     */
    public static final long DEFAULT_PRIORITY = (110L << 24) | (65535L << 8) | (256 - 1);

    private final Clock clock;
    private final RandomGenerator random;
    private final IceTimers timers;
    private final IceStateListener listener;
    private final long tieBreaker;
    private final String username;
    private final MessageIntegrity remoteIntegrity;
    private final MessageFingerprint fingerprint = new MessageFingerprint();
    private final StunMessageBuilder builder =
            new StunMessageBuilder(StunMessageType.BINDING_REQUEST, new TransactionId(0, 0));
    private final Map<InetSocketAddress, Pair> pairs = new LinkedHashMap<>();
    private final Map<TransactionId, Check> inFlight = new HashMap<>();

    private IceConnectionState state = IceConnectionState.CHECKING;
    private Pair selected;
    private long lastConsentMillis;
    private long nextConsentMillis;

    /** One candidate pair: our socket and a remote candidate. */
    private static final class Pair {
        final InetSocketAddress remote;
        IcePairState state = IcePairState.WAITING;

        Pair(InetSocketAddress remote) {
            this.remote = remote;
        }
    }

    /** A request in flight: a connectivity check of a pair, or a consent check of the selected pair. */
    private record Check(StunTransaction transaction, Pair pair, boolean consent) {
    }

    /**
     * @param local our ufrag and password (the password is what the peer would use to check us)
     * @param remote the peer's ufrag and password from its SDP: they sign our requests and its responses
     * @param clock time source for retransmissions and consent
     * @param random source of transaction ids, tie-breaker and jitter (a {@link SecureRandom} outside tests)
     * @param timers retransmission and consent timers
     * @param listener told of every state change
     */
    public IceControllingAgent(IceCredentials local, IceCredentials remote, Clock clock, RandomGenerator random,
                               IceTimers timers, IceStateListener listener) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.username = remote.ufrag() + ":" + local.ufrag(); // RFC 8445 §7.2.2
        this.remoteIntegrity = remote.messageIntegrity();
        this.tieBreaker = random.nextLong();
    }

    /** An agent with a {@link SecureRandom} and the default timers. */
    public IceControllingAgent(IceCredentials local, IceCredentials remote, Clock clock, IceStateListener listener) {
        this(local, remote, clock, new SecureRandom(), IceTimers.DEFAULT, listener);
    }

    /** Adds a pair towards a remote candidate; its first check goes out on the next poll. */
    public void addRemoteCandidate(InetSocketAddress remote) {
        if (state == IceConnectionState.CHECKING) {
            pairs.putIfAbsent(Objects.requireNonNull(remote, "remote"), new Pair(remote));
        }
    }

    /** The datagrams due now: first checks, retransmissions, consent checks. Updates timeouts. */
    public List<IceTransmission> poll() {
        long now = clock.millis();
        if (state == IceConnectionState.FAILED || state == IceConnectionState.CONSENT_LOST) {
            return List.of();
        }
        if (state == IceConnectionState.CONNECTED) {
            if (now - lastConsentMillis >= timers.consentTimeout().toMillis()) {
                inFlight.clear();
                setState(IceConnectionState.CONSENT_LOST);
                return List.of();
            }
            if (now >= nextConsentMillis) {
                start(selected, true, now);
                nextConsentMillis = now + jitteredConsentInterval();
            }
        } else {
            for (Pair pair : pairs.values()) {
                if (pair.state == IcePairState.WAITING) {
                    start(pair, false, now);
                }
            }
        }
        List<IceTransmission> due = new ArrayList<>();
        for (Iterator<Check> it = inFlight.values().iterator(); it.hasNext(); ) {
            Check check = it.next();
            if (check.transaction().isTimedOut(now)) {
                it.remove();
                if (!check.consent()) {
                    check.pair().state = IcePairState.FAILED;
                }
                continue;
            }
            IceTransmission transmission = check.transaction().poll(now);
            if (transmission != null) {
                due.add(transmission);
            }
        }
        failIfNoPairCanSucceed();
        return List.copyOf(due);
    }

    /**
     * Handles a datagram received from {@code from}. Returns true if it was a response to one of our
     * requests (authenticated where it has to be); anything else is ignored. Never throws for any content.
     */
    public boolean handle(byte[] buf, int off, int len, InetSocketAddress from) {
        if (!StunMessage.looksLikeStun(buf, off, len)) {
            return false;
        }
        StunMessage response;
        try {
            response = StunMessage.parse(buf, off, len);
        } catch (StunParseException e) {
            return false;
        }
        Check check = inFlight.get(response.transactionId());
        boolean success = response.type().equals(StunMessageType.BINDING_SUCCESS);
        if (check == null || !success && !response.type().equals(StunMessageType.BINDING_ERROR)) {
            return false;
        }
        if (response.hasFingerprint() && !response.verifyFingerprint(fingerprint)) {
            return false; // RFC 8489 §14.7: not STUN
        }
        // A success must be authenticated; 400 and 401 responses carry no MESSAGE-INTEGRITY (RFC 8489 §9.1.3).
        boolean authentic = response.verifyMessageIntegrity(remoteIntegrity);
        if (success ? !authentic : response.hasMessageIntegrity() && !authentic) {
            return false;
        }
        inFlight.remove(response.transactionId());
        long now = clock.millis();
        if (check.consent()) {
            if (success && from.equals(check.transaction().destination())) {
                lastConsentMillis = now;
            }
        } else if (success && from.equals(check.transaction().destination())) {
            check.pair().state = IcePairState.SUCCEEDED;
            if (state == IceConnectionState.CHECKING) {
                select(check.pair(), now);
            }
        } else {
            // RFC 8445 §7.2.5.2.1 (non-symmetric addresses) and §7.2.5.2.4 (error responses): failed.
            check.pair().state = IcePairState.FAILED;
            failIfNoPairCanSucceed();
        }
        return true;
    }

    public IceConnectionState state() {
        return state;
    }

    /** The remote address of the selected pair, once connected. */
    public Optional<InetSocketAddress> selectedAddress() {
        return Optional.ofNullable(selected).map(pair -> pair.remote);
    }

    public Optional<IcePairState> pairState(InetSocketAddress remote) {
        return Optional.ofNullable(pairs.get(remote)).map(pair -> pair.state);
    }

    /** Our ICE-CONTROLLING tie-breaker (RFC 8445 §7.2.2). */
    public long tieBreaker() {
        return tieBreaker;
    }

    /** When {@link #poll()} next has something to do; empty when nothing is pending or the state is final. */
    public Optional<Instant> nextPollTime() {
        if (state == IceConnectionState.FAILED || state == IceConnectionState.CONSENT_LOST) {
            return Optional.empty();
        }
        long next = Long.MAX_VALUE;
        for (Pair pair : pairs.values()) {
            if (pair.state == IcePairState.WAITING) {
                next = clock.millis();
            }
        }
        for (Check check : inFlight.values()) {
            next = Math.min(next, check.transaction().deadlineMillis());
        }
        if (state == IceConnectionState.CONNECTED) {
            next = Math.min(next, Math.min(nextConsentMillis, lastConsentMillis + timers.consentTimeout().toMillis()));
        }
        return next == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next));
    }

    private void start(Pair pair, boolean consent, long now) {
        TransactionId id = TransactionId.random(random);
        builder.reset(StunMessageType.BINDING_REQUEST, id)
                .username(username)
                .priority(DEFAULT_PRIORITY)
                .iceControlling(tieBreaker);
        if (!consent) {
            builder.useCandidate(); // aggressive nomination (RFC 8445 §8.1.1 allows it for a lite peer)
        }
        byte[] request = builder.messageIntegrity(remoteIntegrity).fingerprint(fingerprint).build();
        inFlight.put(id, new Check(new StunTransaction(id, pair.remote, request, timers, now), pair, consent));
        if (!consent) {
            pair.state = IcePairState.IN_PROGRESS;
        }
    }

    private void select(Pair pair, long now) {
        selected = pair;
        // RFC 8445 §8.1.2: once a pair is nominated, stop checking the others.
        for (Iterator<Check> it = inFlight.values().iterator(); it.hasNext(); ) {
            Pair other = it.next().pair();
            if (other != pair) {
                other.state = IcePairState.FAILED;
                it.remove();
            }
        }
        for (Pair other : pairs.values()) {
            if (other != pair && other.state == IcePairState.WAITING) {
                other.state = IcePairState.FAILED;
            }
        }
        lastConsentMillis = now;
        nextConsentMillis = now + jitteredConsentInterval();
        setState(IceConnectionState.CONNECTED);
    }

    private void failIfNoPairCanSucceed() {
        if (state != IceConnectionState.CHECKING || pairs.isEmpty()) {
            return;
        }
        for (Pair pair : pairs.values()) {
            if (pair.state != IcePairState.FAILED) {
                return;
            }
        }
        setState(IceConnectionState.FAILED);
    }

    // RFC 7675 §5.1: uniformly 0.8 to 1.2 times the base interval, so that checks do not synchronise.
    private long jitteredConsentInterval() {
        return (long) (timers.consentInterval().toMillis() * (0.8 + 0.4 * random.nextDouble()));
    }

    private void setState(IceConnectionState next) {
        if (state != next) {
            state = next;
            listener.onStateChanged(next);
        }
    }
}
