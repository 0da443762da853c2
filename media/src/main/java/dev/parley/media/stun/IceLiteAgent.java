package dev.parley.media.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.parley.media.stun.IceCheckResult.Verdict;

/**
 * The server side of ICE-lite (RFC 8445 §2.5): it never sends checks, it answers the peer's Binding
 * requests and follows the peer's nominations. A lite agent is always controlled (RFC 8445 §6.1.1).
 *
 * <p>For each datagram, {@link #handle} returns the response to send back to the sender (or none) and
 * whether the selected address changed. The checks run in this order:
 * <ol>
 *   <li>not a STUN Binding request (responses, indications, other methods, not STUN): dropped;
 *   <li>a malformed Binding request (bad attribute), or one without FINGERPRINT, USERNAME or
 *       MESSAGE-INTEGRITY: 400 (RFC 8489 §9.1.3; RFC 8445 §7.2.2 requires FINGERPRINT);
 *   <li>a FINGERPRINT that does not match: dropped, it is not STUN (RFC 8489 §7.3, §14.7);
 *   <li>USERNAME not "localUfrag:remoteUfrag" (only the local part if the remote ufrag is unknown) or
 *       MESSAGE-INTEGRITY not made with the local password: 401 (RFC 8489 §9.1.3);
 *   <li>unknown comprehension-required attributes: 420 with UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1);
 *   <li>ICE-CONTROLLED present: 487 (RFC 8445 §7.3.1.1, see {@link #TIE_BREAKER});
 *   <li>otherwise: success with XOR-MAPPED-ADDRESS; USE-CANDIDATE nominates the sender.
 * </ol>
 * 400 and 401 carry no MESSAGE-INTEGRITY (the peer is not authenticated); all other responses carry
 * MESSAGE-INTEGRITY with the local password and FINGERPRINT (RFC 8445 §7.3).
 *
 * <p>Nomination: the latest authenticated request with USE-CANDIDATE selects its sender, so a peer that
 * changes network (a new address nominated) moves the selection.
 *
 * <p>Consent (RFC 7675): the agent records the time of the last valid check from the selected address
 * (or from any address before one is selected; the clock starts at construction). When
 * {@code consentTimeout} passes without one, consent has expired; this is final — RFC 7675 §5.1 wants a
 * new ICE session, which is a new agent. {@link #pollConsentExpiry()} reports it exactly once.
 *
 * <p>Threading: not thread-safe. One agent belongs to one transport and is used from that transport's
 * thread (event loop) only; it holds a reusable {@code Mac}, CRC and message builder.
 */
public final class IceLiteAgent {
    /** RFC 7675 §5.1: consent is lost after 30 s without a valid check. */
    public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The lite agent's tie-breaker: the largest unsigned 64-bit value. RFC 8445 §7.3.1.1 has a controlled
     * agent whose tie-breaker is greater than or equal to the peer's answer 487 and keep its role, and
     * one with a smaller tie-breaker switch to controlling, which a lite agent cannot do (§6.1.1). With
     * the maximum, the rule always gives 487, and the peer switches to controlling (§7.2.5.1).
     */
    public static final long TIE_BREAKER = -1L;

    private final IceCredentials local;
    private final Optional<String> remoteUfrag;
    private final byte[] usernamePrefix;
    private final boolean usernameExact;
    private final Clock clock;
    private final long consentTimeoutMillis;
    private final MessageIntegrity integrity;
    private final MessageFingerprint fingerprint = new MessageFingerprint();
    private final StunMessageBuilder builder =
            new StunMessageBuilder(StunMessageType.BINDING_SUCCESS, new TransactionId(0, 0));

    private InetSocketAddress selected;
    private long lastConsentMillis;
    private boolean consentExpired;
    private boolean expiryReported;

    /**
     * @param local the local ufrag and password, as in our SDP
     * @param remoteUfrag the peer's ufrag if its SDP is known; then USERNAME must match it exactly
     * @param clock time source for consent
     * @param consentTimeout how long without a valid check until consent expires (RFC 7675: 30 s)
     */
    public IceLiteAgent(IceCredentials local, Optional<String> remoteUfrag, Clock clock, Duration consentTimeout) {
        this.local = Objects.requireNonNull(local, "local");
        this.remoteUfrag = Objects.requireNonNull(remoteUfrag, "remoteUfrag");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (consentTimeout.isNegative() || consentTimeout.isZero()) {
            throw new IllegalArgumentException("consent timeout must be positive: " + consentTimeout);
        }
        this.consentTimeoutMillis = consentTimeout.toMillis();
        String expected = local.ufrag() + ":" + remoteUfrag.orElse("");
        this.usernamePrefix = expected.getBytes(StandardCharsets.UTF_8);
        this.usernameExact = remoteUfrag.isPresent();
        this.integrity = local.messageIntegrity();
        this.lastConsentMillis = clock.millis();
    }

    /** An agent with the default 30 s consent timeout. */
    public IceLiteAgent(IceCredentials local, Optional<String> remoteUfrag, Clock clock) {
        this(local, remoteUfrag, clock, DEFAULT_CONSENT_TIMEOUT);
    }

    /**
     * The agent after an ICE restart (RFC 8445 §9): new local credentials, the same clock and consent timeout.
     * The selected address and the time of the last valid check carry over: media keeps going where it went
     * until the peer nominates anew, and a restart does not refresh consent (RFC 7675 §5.1 counts from the last
     * check that succeeded, so restarts that never succeed still end in consent expiry).
     */
    public IceLiteAgent restarted(IceCredentials newLocal) {
        IceLiteAgent next = new IceLiteAgent(newLocal, remoteUfrag, clock, Duration.ofMillis(consentTimeoutMillis));
        next.selected = selected;
        next.lastConsentMillis = lastConsentMillis;
        next.consentExpired = consentExpired;
        next.expiryReported = expiryReported;
        return next;
    }

    public IceCredentials localCredentials() {
        return local;
    }

    public Optional<String> remoteUfrag() {
        return remoteUfrag;
    }

    /**
     * Handles one datagram received from {@code from} (STUN or not: anything else is dropped). Never
     * throws for any content of the slice.
     */
    public IceCheckResult handle(byte[] buf, int off, int len, InetSocketAddress from) {
        Objects.requireNonNull(from, "from");
        if (!StunMessage.looksLikeStun(buf, off, len)) {
            return IceCheckResult.DROPPED;
        }
        StunMessage request;
        try {
            request = StunMessage.parse(buf, off, len);
        } catch (StunParseException e) {
            return isBindingRequestHeader(buf, off)
                    ? error(TransactionId.read(buf, off + 8), StunErrorCode.BAD_REQUEST, false, List.of())
                    : IceCheckResult.DROPPED;
        }
        if (!request.type().equals(StunMessageType.BINDING_REQUEST)) {
            return IceCheckResult.DROPPED;
        }
        TransactionId tx = request.transactionId();
        if (!request.hasFingerprint()) {
            return error(tx, StunErrorCode.BAD_REQUEST, false, List.of());
        }
        if (!request.verifyFingerprint(fingerprint)) {
            return IceCheckResult.DROPPED;
        }
        int username = request.indexOf(StunAttributeType.USERNAME);
        if (username < 0 || !request.hasMessageIntegrity()) {
            return error(tx, StunErrorCode.BAD_REQUEST, false, List.of());
        }
        if (!usernameMatches(request, username) || !request.verifyMessageIntegrity(integrity)) {
            return error(tx, StunErrorCode.UNAUTHORIZED, false, List.of());
        }
        List<Integer> unknown = request.unknownComprehensionRequired();
        if (!unknown.isEmpty()) {
            return error(tx, StunErrorCode.UNKNOWN_ATTRIBUTE, true, unknown);
        }
        if (request.indexOf(StunAttributeType.ICE_CONTROLLED) >= 0) {
            // RFC 8445 §7.3.1.1 with TIE_BREAKER >= any peer value: answer 487, stay controlled.
            return error(tx, StunErrorCode.ROLE_CONFLICT, true, List.of());
        }
        return accept(tx, from, request.indexOf(StunAttributeType.USE_CANDIDATE) >= 0);
    }

    /** The address the peer nominated last, where media goes. */
    public Optional<InetSocketAddress> selectedAddress() {
        return Optional.ofNullable(selected);
    }

    /** Whether consent has expired (final once true). */
    public boolean isConsentExpired() {
        long now = clock.millis();
        if (!consentExpired && now - lastConsentMillis >= consentTimeoutMillis) {
            consentExpired = true;
        }
        return consentExpired;
    }

    /**
     * For the transport's periodic timer: true exactly once, on the first call after consent expired.
     */
    public boolean pollConsentExpiry() {
        if (isConsentExpired() && !expiryReported) {
            expiryReported = true;
            return true;
        }
        return false;
    }

    /** When consent expires unless a valid check arrives first; schedule the next poll for then. */
    public Instant consentDeadline() {
        return Instant.ofEpochMilli(lastConsentMillis + consentTimeoutMillis);
    }

    private IceCheckResult accept(TransactionId tx, InetSocketAddress from, boolean useCandidate) {
        boolean expired = isConsentExpired();
        boolean changed = false;
        if (useCandidate && !from.equals(selected)) {
            selected = from;
            changed = true;
        }
        if (!expired && (selected == null || selected.equals(from))) {
            lastConsentMillis = clock.millis();
        }
        byte[] response = builder.reset(StunMessageType.BINDING_SUCCESS, tx)
                .xorMappedAddress(from)
                .messageIntegrity(integrity)
                .fingerprint(fingerprint)
                .build();
        return new IceCheckResult(Verdict.SUCCESS, Optional.of(response), changed);
    }

    private IceCheckResult error(TransactionId tx, int code, boolean authenticated, List<Integer> unknown) {
        builder.reset(StunMessageType.BINDING_ERROR, tx)
                .errorCode(new StunErrorCode(code, StunErrorCode.defaultReason(code)));
        if (!unknown.isEmpty()) {
            builder.unknownAttributes(unknown);
        }
        if (authenticated) {
            builder.messageIntegrity(integrity);
        }
        byte[] response = builder.fingerprint(fingerprint).build();
        return new IceCheckResult(verdictOf(code), Optional.of(response), false);
    }

    private static Verdict verdictOf(int code) {
        switch (code) {
            case StunErrorCode.UNAUTHORIZED: return Verdict.UNAUTHORIZED;
            case StunErrorCode.UNKNOWN_ATTRIBUTE: return Verdict.UNKNOWN_ATTRIBUTE;
            case StunErrorCode.ROLE_CONFLICT: return Verdict.ROLE_CONFLICT;
            default: return Verdict.BAD_REQUEST;
        }
    }

    /** A header good enough to answer: STUN framing and a Binding request type (RFC 8489 §5). */
    private static boolean isBindingRequestHeader(byte[] buf, int off) {
        return WireBytes.readShort(buf, off) == StunMessageType.BINDING_REQUEST.toWire();
    }

    // RFC 8445 §7.2.2: USERNAME is "localUfrag:remoteUfrag" from the receiver's point of view; compared as
    // bytes so that a check allocates no string.
    private boolean usernameMatches(StunMessage request, int attribute) {
        int length = request.valueLength(attribute);
        if (usernameExact ? length != usernamePrefix.length : length <= usernamePrefix.length) {
            return false;
        }
        byte[] buf = request.buffer();
        int at = request.valueOffset(attribute);
        for (int i = 0; i < usernamePrefix.length; i++) {
            if (buf[at + i] != usernamePrefix[i]) {
                return false;
            }
        }
        return true;
    }
}
