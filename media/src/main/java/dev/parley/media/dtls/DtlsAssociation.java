package dev.parley.media.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One DTLS 1.2 association with {@code use_srtp} (RFC 6347, RFC 5764) over an abstract datagram path:
 * the handshake that yields the SRTP keys of a WebRTC transport, then the watch for the peer's
 * close_notify.
 *
 * <h2>How the transport uses it</h2>
 * <ol>
 *   <li>When ICE has selected the 5-tuple, create it with the role from the SDP's final {@code a=setup}
 *       ({@link DtlsRole#forLocalSetup}: our {@code passive} answer makes us the {@link DtlsRole#SERVER}),
 *       the process-wide {@link DtlsCertificate}, the fingerprint parsed from the peer's
 *       {@code a=fingerprint} ({@link DtlsFingerprint#parse}), a {@link DatagramSender} for the 5-tuple
 *       and the pool from {@link DtlsHandshakeExecutor}.</li>
 *   <li>Feed it every datagram from that 5-tuple whose first byte is 20..63 (RFC 7983 §7,
 *       {@link #isDtlsRecord}) with {@link #receive}. Datagrams that arrive before {@link #start()} are
 *       queued, so a browser's early ClientHello is not lost.</li>
 *   <li>Call {@link #start()}. On success, build the SRTP contexts from the {@link DtlsSrtpResult}:
 *       {@code profileId()}, {@code localMasterKey()}/{@code localMasterSalt()} to protect,
 *       {@code remoteMasterKey()}/{@code remoteMasterSalt()} to unprotect ({@code isClient()} says which
 *       half of the {@code EXTRACTOR-dtls_srtp} export is ours, RFC 5764 §4.2). On failure the future
 *       fails with a {@link DtlsException} whose {@link DtlsException#reason()} says why.</li>
 *   <li>Watch {@link #closed()}: it completes when the association ends — the peer's close_notify or
 *       fatal alert, a failed handshake, or {@link #close()} — so the transport can tear down.</li>
 *   <li>Call {@link #close()} when the transport goes away: it sends close_notify if connected, aborts a
 *       handshake in progress and frees its thread.</li>
 * </ol>
 *
 * <h2>Threads</h2>
 * {@link #receive} and {@link #close()} may be called from any thread (typically the transport's event
 * loop); they never block on the network. The handshake runs on the given executor, because
 * BouncyCastle's is blocking: it waits on a bounded queue of copied datagrams, and a wait that elapses
 * makes it retransmit its last flight (RFC 6347 §4.2.4). After the handshake, incoming DTLS records
 * (a retransmitted final flight of the peer, which we must answer, or an alert) are processed by a short
 * task on the same executor. The futures complete on that executor's threads: hop to your own thread
 * before doing real work in a callback. DTLS application data is dropped: there is no data channel.
 */
public final class DtlsAssociation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DtlsAssociation.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { NEW, HANDSHAKING, CONNECTED, CLOSED }

    private final DtlsRole role;
    private final DtlsCertificate localCertificate;
    private final DtlsFingerprint expectedRemoteFingerprint;
    private final Executor executor;
    private final DtlsConfig config;
    private final DatagramQueue queue;
    private final QueuedDatagramTransport transport;
    private final Map<String, String> logContext;
    private final CompletableFuture<DtlsSrtpResult> handshake = new CompletableFuture<>();
    private final CompletableFuture<DtlsCloseCause> closed = new CompletableFuture<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Serialises use of {@link #dtls} after the handshake: record processing and close. */
    private final Object recordLock = new Object();
    private volatile DTLSTransport dtls;
    private volatile DtlsCloseCause peerCloseCause;
    private volatile long startNanos;

    /**
     * @param role our side of the handshake (RFC 5763 §5: {@code a=setup:active} is the client)
     * @param localCertificate our certificate, whose fingerprint our SDP announced
     * @param expectedRemoteFingerprint the fingerprint from the peer's SDP; the handshake fails unless the
     *     peer's certificate has it
     * @param sender sends our datagrams to the peer; see {@link DatagramSender} for its contract
     * @param handshakeExecutor runs the blocking handshake; use {@link DtlsHandshakeExecutor#create}
     * @param config profiles, timeouts, MTU
     */
    public DtlsAssociation(DtlsRole role, DtlsCertificate localCertificate, DtlsFingerprint expectedRemoteFingerprint,
            DatagramSender sender, Executor handshakeExecutor, DtlsConfig config) {
        this.role = Objects.requireNonNull(role, "role");
        this.localCertificate = Objects.requireNonNull(localCertificate, "localCertificate");
        this.expectedRemoteFingerprint = Objects.requireNonNull(expectedRemoteFingerprint, "expectedRemoteFingerprint");
        this.executor = Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        this.config = Objects.requireNonNull(config, "config");
        this.queue = new DatagramQueue(config.receiveQueueCapacity());
        this.transport = new QueuedDatagramTransport(queue, Objects.requireNonNull(sender, "sender"), config.mtu());
        Map<String, String> context = MDC.getCopyOfContextMap();
        this.logContext = context == null ? Map.of() : Map.copyOf(context);
    }

    /** With {@link DtlsConfig#defaults()}. */
    public DtlsAssociation(DtlsRole role, DtlsCertificate localCertificate, DtlsFingerprint expectedRemoteFingerprint,
            DatagramSender sender, Executor handshakeExecutor) {
        this(role, localCertificate, expectedRemoteFingerprint, sender, handshakeExecutor, DtlsConfig.defaults());
    }

    /** RFC 7983 §7: a datagram whose first byte is in 20..63 is DTLS (STUN is 0..3, SRTP/SRTCP 128..191). */
    public static boolean isDtlsRecord(byte firstByte) {
        int value = firstByte & 0xFF;
        return value >= 20 && value <= 63;
    }

    /**
     * Starts the handshake on the executor; the overall timeout runs from now.
     *
     * @return the same future as {@link #handshake()}
     * @throws IllegalStateException if already started (after {@link #close()}, the future is failed)
     */
    public CompletableFuture<DtlsSrtpResult> start() {
        if (!state.compareAndSet(State.NEW, State.HANDSHAKING)) {
            if (state.get() == State.CLOSED) {
                return handshake();
            }
            throw new IllegalStateException("DTLS association already started");
        }
        startNanos = System.nanoTime();
        transport.armDeadline(config.handshakeTimeout().toMillis());
        try {
            executor.execute(this::runHandshake);
        } catch (RejectedExecutionException e) {
            failHandshake(new DtlsException(DtlsException.Reason.OVERLOADED,
                    "no DTLS handshake thread available (executor saturated or shut down)", e));
        }
        return handshake();
    }

    /**
     * The handshake's outcome, without starting it. It fails with {@link java.util.concurrent.ExecutionException}
     * (from {@code get}) or {@link java.util.concurrent.CompletionException} (from {@code join} and
     * callbacks) whose cause is a {@link DtlsException}. Each call returns a new dependent copy, so
     * completing or cancelling it does not affect the association.
     */
    public CompletableFuture<DtlsSrtpResult> handshake() {
        return handshake.copy();
    }

    /** Completes, never exceptionally, when the association has ended, with the reason (a dependent copy). */
    public CompletableFuture<DtlsCloseCause> closed() {
        return closed.copy();
    }

    /**
     * Hands an incoming DTLS datagram to the association. The bytes are copied (the caller may reuse its
     * buffer at once); never blocks.
     *
     * @return false if the datagram was dropped: queue full, association closed, or larger than
     *     {@link DtlsConfig#MAX_RECEIVE_SIZE}
     */
    public boolean receive(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len > DtlsConfig.MAX_RECEIVE_SIZE || !queue.offer(buf, off, len)) {
            return false;
        }
        scheduleRecordProcessing();
        return true;
    }

    /**
     * Ends the association: sends close_notify if connected, or aborts the handshake in progress (its
     * future fails with {@link DtlsException.Reason#CLOSED} and its thread is released at once).
     * Idempotent; never blocks on the network.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        if (previous == State.CONNECTED) {
            synchronized (recordLock) {
                try {
                    dtls.close(); // RFC 5246 §7.2.1: close_notify
                } catch (IOException e) {
                    LOG.debug("DTLS close_notify not sent: {}", e.toString());
                }
            }
        }
        // The cause first: closing the transport wakes a handshake in progress, whose failure path would
        // otherwise race to report HANDSHAKE_FAILED for what was a local close.
        closed.complete(DtlsCloseCause.LOCAL_CLOSE);
        transport.close();
        if (previous != State.CONNECTED) {
            failHandshake(new DtlsException(DtlsException.Reason.CLOSED, "DTLS association closed before the handshake finished"));
        } else {
            withLogContext(() -> LOG.debug("DTLS association closed locally (role={})", role));
        }
    }

    public DtlsRole role() {
        return role;
    }

    public DtlsFingerprint localFingerprint() {
        return localCertificate.fingerprint();
    }

    public DtlsFingerprint expectedRemoteFingerprint() {
        return expectedRemoteFingerprint;
    }

    private void runHandshake() {
        withLogContext(() -> {
            try {
                handshakeOnThisThread();
            } finally {
                if (!handshake.isDone()) {
                    failHandshake(new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, "DTLS handshake thread died"));
                }
            }
        });
    }

    private void handshakeOnThisThread() {
        BcTlsCrypto crypto = new BcTlsCrypto(RANDOM);
        DtlsSrtpNegotiation negotiation = new DtlsSrtpNegotiation(role, localCertificate, expectedRemoteFingerprint,
                config.srtpProfiles());
        DTLSTransport established;
        try {
            if (role == DtlsRole.CLIENT) {
                established = new DTLSClientProtocol().connect(
                        new DtlsSrtpClient(crypto, negotiation, config, this::onAlert), transport);
            } else {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                // ICE connectivity checks already proved the peer owns its address (RFC 8445 §7.2.5), so
                // the cookie exchange of RFC 6347 §4.2.1 would only cost a round trip; browsers skip it too.
                protocol.setVerifyRequests(false);
                established = protocol.accept(new DtlsSrtpServer(crypto, negotiation, config, this::onAlert), transport);
            }
        } catch (IOException | RuntimeException e) {
            failHandshake(classify(e));
            return;
        }
        transport.disarmDeadline();
        DtlsSrtpResult result = negotiation.result();
        synchronized (recordLock) {
            if (!state.compareAndSet(State.HANDSHAKING, State.CONNECTED)) {
                closeQuietly(established);
                return; // close() won the race and already failed the future
            }
            dtls = established;
        }
        LOG.info("DTLS handshake done: role={} srtpProfile={} {} remote={} in {} ms", role, result.profile(),
                negotiation.sessionSummary(), result.remoteFingerprint(), elapsedMillis());
        handshake.complete(result);
        scheduleRecordProcessing();
    }

    /** Maps what BouncyCastle threw to the reason a caller can act on. */
    private DtlsException classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DtlsException ours) {
                return ours;
            }
        }
        if (state.get() == State.CLOSED || failure instanceof DatagramQueue.ClosedException) {
            return new DtlsException(DtlsException.Reason.CLOSED, "DTLS association closed before the handshake finished", failure);
        }
        if (failure instanceof TlsTimeoutException || transport.deadlinePassed()) {
            return new DtlsException(DtlsException.Reason.TIMEOUT, "DTLS handshake did not finish within "
                    + config.handshakeTimeout().toMillis() + " ms", failure);
        }
        if (failure instanceof TlsFatalAlertReceived alert) {
            return new DtlsException(DtlsException.Reason.PEER_ALERT, "the peer aborted the DTLS handshake with alert "
                    + AlertDescription.getText(alert.getAlertDescription()), failure);
        }
        return new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, "DTLS handshake failed: " + failure, failure);
    }

    private void failHandshake(DtlsException failure) {
        if (!handshake.completeExceptionally(failure)) {
            return;
        }
        state.set(State.CLOSED);
        transport.close();
        closed.complete(DtlsCloseCause.HANDSHAKE_FAILED);
        withLogContext(() -> LOG.info("DTLS handshake failed: role={} reason={} after {} ms: {}", role, failure.reason(),
                elapsedMillis(), failure.getMessage()));
    }

    /** Called by BouncyCastle on the thread that processes records. */
    private void onAlert(short level, short description) {
        if (description == AlertDescription.close_notify) {
            peerCloseCause = DtlsCloseCause.PEER_CLOSE_NOTIFY;
        } else if (level == AlertLevel.fatal) {
            peerCloseCause = DtlsCloseCause.PEER_ERROR;
        }
        LOG.debug("DTLS alert received: {} {}", AlertLevel.getName(level), AlertDescription.getText(description));
    }

    /** After the handshake: process queued records on the executor, one task at a time. */
    private void scheduleRecordProcessing() {
        if (state.get() != State.CONNECTED || queue.isEmpty() || !draining.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> withLogContext(this::processRecords));
        } catch (RejectedExecutionException e) {
            draining.set(false); // the records wait for the next datagram (DTLS retransmits)
            LOG.debug("DTLS record processing deferred: executor saturated");
        }
    }

    private void processRecords() {
        try {
            synchronized (recordLock) {
                byte[] buf = new byte[DtlsConfig.MAX_RECEIVE_SIZE];
                while (state.get() == State.CONNECTED && !queue.isEmpty() && peerCloseCause == null) {
                    // 1 ms: BouncyCastle's receive waits at least this long; the queue is not empty anyway.
                    int length = dtls.receive(buf, 0, buf.length, 1);
                    if (length > 0) {
                        LOG.debug("dropped {} bytes of DTLS application data: no data channel", length);
                    }
                }
            }
            if (peerCloseCause != null) {
                endAfterPeer(peerCloseCause, "");
            }
        } catch (DatagramQueue.ClosedException e) {
            // BouncyCastle closes the transport itself after the peer's close_notify or fatal alert.
            endAfterPeer(peerCloseCause != null ? peerCloseCause : DtlsCloseCause.PEER_ERROR, "");
        } catch (IOException | RuntimeException e) {
            endAfterPeer(peerCloseCause != null ? peerCloseCause : DtlsCloseCause.PEER_ERROR, e.toString());
        } finally {
            draining.set(false);
        }
        scheduleRecordProcessing(); // a datagram may have arrived after the last isEmpty()
    }

    private void endAfterPeer(DtlsCloseCause cause, String detail) {
        if (state.compareAndSet(State.CONNECTED, State.CLOSED)) {
            transport.close();
            closed.complete(cause);
            LOG.info("DTLS association ended by the peer: role={} cause={} {}", role, cause, detail);
        }
    }

    private long elapsedMillis() {
        long started = startNanos;
        return started == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static void closeQuietly(DTLSTransport established) {
        try {
            established.close();
        } catch (IOException e) {
            LOG.debug("DTLS close after abort failed: {}", e.toString());
        }
    }

    /** Runs with the MDC (room, user...) of the thread that created this association. */
    private void withLogContext(Runnable action) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        MDC.setContextMap(logContext);
        try {
            action.run();
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }
}
