package dev.parley.sfu.plane;

import dev.parley.sfu.MediaCounters;
import dev.parley.sfu.MediaPlane;
import dev.parley.sfu.NegotiationException;
import dev.parley.sfu.CandidateAddresses;
import dev.parley.sfu.TransportSdp;
import dev.parley.sfu.uplink.UplinkNegotiation;
import dev.parley.sfu.uplink.UplinkSession;
import dev.parley.sfu.downlink.DownlinkSession;
import dev.parley.sfu.downlink.SourceAccess;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsConfig;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.media.transport.UdpPortMux;
import dev.parley.media.transport.WebRtcTransport;
import dev.parley.media.time.MediaClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The media plane on the shared UDP port: creates each uplink's and downlink's {@link WebRtcTransport}
 * and drives their periodic RTCP. Runs on the mux's event loop, which is also the SFU thread; a downlink's
 * media half runs on the loop its transport sends from ({@link DownlinkSession}), reaching the tracks through
 * that loop's {@link LoopSources}, and its periodic work is run there.
 */
public final class WebRtcMediaPlane implements MediaPlane, AutoCloseable {
    private static final int REPLAY_WINDOW = 1024;

    private final UdpPortMux mux;
    private final DtlsCertificate certificate;
    private final Executor dtlsExecutor;
    private final DtlsConfig dtlsConfig;
    private final MediaClock clock;
    private final Duration consentTimeout;
    private final List<String> announceIps;
    private final int announcePort;
    private final int tcpPort;
    /**
     * Benchmark switch, {@code -Dparley.lossRecovery=off}: no upstream NACKs and no RTX toward subscribers
     * (their NACKs are still answered on the media SSRC), to measure what loss recovery buys.
     */
    private final boolean lossRecovery = !"off".equals(System.getProperty("parley.lossRecovery"));
    private final Set<UplinkSession> uplinks = new LinkedHashSet<>();
    private final Set<DownlinkSession> downlinks = new LinkedHashSet<>();
    private final ScheduledFuture<?> ticker;
    private final ScheduledFuture<?> nackTicker;
    /** Written on the SFU thread, read by operations endpoints on other threads. */
    private volatile int sessionCount;
    /** What sessions that closed had counted (SFU thread). */
    private final MediaCounters closedTotals = new MediaCounters();
    /** Index 1 … loops - 1: how the subscriptions of each other loop reach the tracks (that loop's own). */
    private final LoopSources[] loopSources;

    public WebRtcMediaPlane(UdpPortMux mux, DtlsCertificate certificate, Executor dtlsExecutor, MediaClock clock,
                         Duration consentTimeout, String announceIp) {
        this(mux, certificate, dtlsExecutor, clock, consentTimeout, announceIp, 0);
    }

    /** @param announcePort the port put in candidates; 0 for the mux's own port */
    public WebRtcMediaPlane(UdpPortMux mux, DtlsCertificate certificate, Executor dtlsExecutor, MediaClock clock,
                         Duration consentTimeout, String announceIp, int announcePort) {
        this(mux, certificate, dtlsExecutor, clock, consentTimeout,
                new CandidateAddresses(List.of(announceIp), announcePort, 0));
    }

    /**
     * @param addresses what candidates announce: the addresses, the UDP port (0 for the mux's own) and the
     *     ICE-TCP port (0 for none)
     */
    public WebRtcMediaPlane(UdpPortMux mux, DtlsCertificate certificate, Executor dtlsExecutor, MediaClock clock,
                         Duration consentTimeout, CandidateAddresses addresses) {
        this.announcePort = addresses.udpPort();
        this.tcpPort = addresses.tcpPort();
        this.announceIps = addresses.ips();
        this.mux = mux;
        this.certificate = certificate;
        this.dtlsExecutor = dtlsExecutor;
        this.dtlsConfig = DtlsConfig.defaults();
        this.clock = clock;
        this.consentTimeout = consentTimeout;
        this.loopSources = new LoopSources[mux.loops()];
        for (int loop = 1; loop < loopSources.length; loop++) {
            loopSources[loop] = new LoopSources(loop, mux);
        }
        mux.forwardHandler((buf, len, attachment, meta, meta2) ->
                ((LoopSources.LoopFanout) attachment).deliver(buf, len, meta, meta2));
        this.ticker = mux.eventLoop().scheduleAtFixedRate(this::tick, 100, 100, TimeUnit.MILLISECONDS);
        // NACKs need a finer step than reports: a retransmission is useful only within the jitter buffer.
        // Also paces the padding of downlink bandwidth probes.
        this.nackTicker = mux.eventLoop().scheduleAtFixedRate(this::sendNacks, 20, 20, TimeUnit.MILLISECONDS);
    }

    @Override
    public Uplink openUplink(String label, SessionDescription offer, DeathListener listener) throws NegotiationException {
        Deferred deferred = new Deferred();
        WebRtcTransport transport = newTransport(label, deferred, false);
        UplinkNegotiation.Result negotiated;
        try {
            negotiated = UplinkNegotiation.answer(offer, transportSdp(transport));
        } catch (NegotiationException e) {
            transport.close();
            throw e;
        }
        UplinkSession[] self = new UplinkSession[1];
        UplinkSession session = new UplinkSession(transport, negotiated, label.substring(label.indexOf('/') + 1),
                clock, listener, () -> {
                    self[0].addTo(closedTotals);
                    uplinks.remove(self[0]);
                    countSessions();
                });
        self[0] = session;
        deferred.target = session;
        uplinks.add(session);
        countSessions();
        transport.startDtls(negotiated.remoteFingerprint(), negotiated.localRole());
        return session;
    }

    @Override
    public Downlink openDownlink(String label, DeathListener listener) {
        Deferred deferred = new Deferred();
        WebRtcTransport transport = newTransport(label, deferred, true);
        DownlinkSession[] self = new DownlinkSession[1];
        int loop = transport.sendLoop();
        Executor media = loop == 0 ? DownlinkSession.SAME_THREAD : task -> mux.executeOn(loop, task);
        Executor sfu = loop == 0 ? DownlinkSession.SAME_THREAD : mux.eventLoop();
        SourceAccess sources = loop == 0 ? SourceAccess.DIRECT : loopSources[loop];
        DownlinkSession session = new DownlinkSession(transport, transportSdp(transport), clock, listener,
                () -> {
                    self[0].addTo(closedTotals, false);
                    downlinks.remove(self[0]);
                    countSessions();
                }, media, sfu, sources);
        session.allowRtx(lossRecovery);
        self[0] = session;
        deferred.target = session;
        downlinks.add(session);
        countSessions();
        return session;
    }

    /** @param forwards a downlink: its forwarded RTP leaves from one of the mux's loops (spread over them) */
    private WebRtcTransport newTransport(String label, WebRtcTransport.Listener listener, boolean forwards) {
        return new WebRtcTransport(mux, certificate, dtlsExecutor, dtlsConfig, clock, consentTimeout, REPLAY_WINDOW,
                label, listener, forwards);
    }

    private TransportSdp transportSdp(WebRtcTransport t) {
        return new TransportSdp(t.localIce().ufrag(), t.localIce().password(), t.localFingerprint(),
                new CandidateAddresses(announceIps, announcePort > 0 ? announcePort : mux.port(), tcpPort));
    }

    private long ticks;

    /**
     * Every 100 ms: due keyframe requests and transport-cc feedback; every second: receiver reports (+ REMB).
     * Each session's work is guarded ({@link UdpPortMux#runGuarded}): Netty never runs a periodic task again
     * once it threw, and one session's failure would stop every session's reports, NACKs and layer choices.
     */
    private void tick() {
        boolean reportsDue = ++ticks % 10 == 0;
        long now = clock.millis();
        for (UplinkSession u : new ArrayList<>(uplinks)) {
            mux.runGuarded("an uplink's tick", () -> {
                u.updateBitrates(now);
                u.sendDueKeyframeRequests();
                u.sendTransportWideFeedback();
                if (reportsDue) {
                    u.sendReceiverReports();
                }
            });
        }
        onEachDownlinksLoop("a downlink's layer allocation", DownlinkSession::allocateLayers);
    }

    /**
     * Runs {@code work} for every open downlink on the loop its media half runs on: at once for the SFU
     * thread's own, in one task per other loop for theirs.
     */
    private void onEachDownlinksLoop(String what, java.util.function.Consumer<DownlinkSession> work) {
        Map<Integer, List<DownlinkSession>> elsewhere = null;
        for (DownlinkSession d : new ArrayList<>(downlinks)) {
            int loop = d.mediaLoopIndex();
            if (loop == 0) {
                mux.runGuarded(what, () -> work.accept(d));
            } else {
                if (elsewhere == null) {
                    elsewhere = new HashMap<>();
                }
                elsewhere.computeIfAbsent(loop, k -> new ArrayList<>()).add(d);
            }
        }
        if (elsewhere != null) {
            elsewhere.forEach((loop, list) -> mux.executeOn(loop, () -> {
                for (DownlinkSession d : list) {
                    mux.runGuarded(what, () -> work.accept(d));
                }
            }));
        }
    }

    private void sendNacks() {
        onEachDownlinksLoop("a downlink's probe padding", DownlinkSession::sendProbePadding);
        if (lossRecovery && !uplinks.isEmpty()) {
            for (UplinkSession u : new ArrayList<>(uplinks)) { // a send error may close an uplink meanwhile
                mux.runGuarded("an uplink's NACKs", u::sendDueNacks);
            }
        }
    }

    private void countSessions() {
        sessionCount = uplinks.size() + downlinks.size();
    }

    /**
     * What the media plane has done since start (closed sessions and open ones) and the open downlinks'
     * estimates. SFU thread: the snapshot is new, and safe to read on any thread afterwards.
     */
    public MediaCounters counters() {
        MediaCounters c = new MediaCounters();
        c.addTotals(closedTotals);
        for (UplinkSession u : uplinks) {
            u.addTo(c);
            c.sessions++;
            c.sessionsConnected += u.connected() ? 1 : 0;
        }
        for (DownlinkSession d : downlinks) {
            d.addTo(c, true);
            c.sessions++;
            c.sessionsConnected += d.connected() ? 1 : 0;
        }
        return c;
    }

    /** Open uplinks and downlinks; safe to read from any thread. */
    public int sessionCount() {
        return sessionCount;
    }

    @Override
    public void close() {
        ticker.cancel(false);
        nackTicker.cancel(false);
    }

    /** The transport exists before its session does; this forwards its events once the session is made. */
    private static final class Deferred implements WebRtcTransport.Listener {
        WebRtcTransport.Listener target;

        @Override
        public void onConnected(WebRtcTransport t) {
            if (target != null) {
                target.onConnected(t);
            }
        }

        @Override
        public void onRtp(WebRtcTransport t, byte[] buf, int off, int len) {
            if (target != null) {
                target.onRtp(t, buf, off, len);
            }
        }

        @Override
        public void onRtcp(WebRtcTransport t, byte[] buf, int off, int len) {
            if (target != null) {
                target.onRtcp(t, buf, off, len);
            }
        }

        @Override
        public void onClosed(WebRtcTransport t, String reason) {
            if (target != null) {
                target.onClosed(t, reason);
            }
        }
    }
}
