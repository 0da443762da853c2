package dev.parley.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsHandshakeExecutor;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.transport.UdpPortMux;
import dev.parley.server.auth.DevApp;
import dev.parley.server.auth.UserSigAuthenticator;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.health.EventLoopThreadFactory;
import dev.parley.server.health.EventLoopWatchdog;
import dev.parley.server.health.ReceiveBufferWatch;
import dev.parley.server.health.FatalErrorMonitor;
import dev.parley.server.health.FaultInjection;
import dev.parley.server.health.Readiness;
import dev.parley.server.signal.Continuity;
import java.util.UUID;
import dev.parley.server.admin.AdminApi;
import dev.parley.server.admin.AdminAuthenticator;
import dev.parley.server.http.ApiEndpoint;
import dev.parley.server.http.HttpServer;
import dev.parley.server.metrics.MetricsEndpoint;
import dev.parley.server.metrics.ServerMeters;
import dev.parley.server.metrics.ServerMetrics;
import dev.parley.server.room.RoomAdmin;
import dev.parley.server.webhook.WebhookDispatcher;
import dev.parley.sfu.plane.WebRtcMediaPlane;
import dev.parley.sfu.CandidateAddresses;
import dev.parley.media.transport.IceTcpPort;
import dev.parley.server.http.ServerTls;
import dev.parley.server.room.Rooms;
import dev.parley.server.config.ServerLimits;
import dev.parley.server.signal.AddressLimiter;
import dev.parley.server.signal.SignalContext;
import dev.parley.server.signal.SignalSession;
import dev.parley.usersig.UserSigVerifier;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import dev.parley.media.time.MediaClock;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server: wires config, auth, the media port, the SFU and HTTP/WebSocket together. */
public final class ParleyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);
    private static final int DTLS_HANDSHAKE_THREADS = 16;
    private static final int SIGNAL_QUEUE = 1024;

    private final ServerConfig config;
    private final Optional<DevApp> devApp;
    private final EventLoopGroup mediaGroup;
    private final EventLoopGroup httpGroup;
    private final ExecutorService dtlsExecutor;
    private final ExecutorService signalExecutor;
    private final UdpPortMux mux;
    private final WebRtcMediaPlane media;
    private final Rooms sfu;
    private final HttpServer http;
    private final FatalErrorMonitor fatalErrors;
    private final EventLoopWatchdog watchdog;
    private final ServerMetrics metrics;
    private final WebhookDispatcher webhooks;
    /** ICE-TCP port and TLS, set once at start. */
    private NetworkReach reach = new NetworkReach(Optional.empty(), Optional.empty());
    private final Readiness readiness;

    private ParleyServer(ServerConfig config, Optional<DevApp> devApp, EventLoopGroup mediaGroup,
                         EventLoopGroup httpGroup, ExecutorService dtlsExecutor, ExecutorService signalExecutor,
                         UdpPortMux mux, WebRtcMediaPlane media, Rooms sfu, HttpServer http,
                         FatalErrorMonitor fatalErrors, EventLoopWatchdog watchdog, ServerMetrics metrics,
                         WebhookDispatcher webhooks, Readiness readiness) {
        this.readiness = readiness;
        this.config = config;
        this.devApp = devApp;
        this.mediaGroup = mediaGroup;
        this.httpGroup = httpGroup;
        this.dtlsExecutor = dtlsExecutor;
        this.signalExecutor = signalExecutor;
        this.mux = mux;
        this.media = media;
        this.sfu = sfu;
        this.http = http;
        this.fatalErrors = fatalErrors;
        this.watchdog = watchdog;
        this.metrics = metrics;
        this.webhooks = webhooks;
    }

    /**
     * A server embedded in this JVM (the tests): a fatal error makes {@code /healthz} fail but does not
     * end the JVM. The real process ({@code Main}) uses {@link #start(ServerConfig, FatalErrorMonitor)}.
     */
    public static ParleyServer start(ServerConfig config) throws Exception {
        return start(config, FatalErrorMonitor.reportingOnly(config.serverLimits().fatalExitDelay()));
    }

    /** @param fatalErrors where fatal conditions go, and what ends the process after one */
    public static ParleyServer start(ServerConfig config, FatalErrorMonitor fatalErrors) throws Exception {
        Optional<DevApp> devApp = config.devMode() ? Optional.of(DevApp.loadOrCreate(config.dataDir()))
                : Optional.empty();
        Map<Long, List<String>> keys = new HashMap<>(config.apps().keysByApp());
        devApp.ifPresent(app -> keys.put(app.sdkAppId(), List.of(app.secretKey())));
        UserSigVerifier verifier = new UserSigVerifier(keys);
        UserSigAuthenticator auth = new UserSigAuthenticator(verifier);

        Optional<FaultInjection> faults = FaultInjection.fromSystemProperty();
        faults.ifPresent(f -> log.warn("fault injection is enabled (-D{}=true): for tests only", FaultInjection.PROPERTY));
        EventLoopGroup mediaGroup = eventLoops(config.mediaThreads(), "media", fatalErrors, faults.map(FaultInjection::mediaLoopSelectStrategy)
                .orElse(DefaultSelectStrategyFactory.INSTANCE));
        EventLoopGroup httpGroup = eventLoops(2, "http", fatalErrors, DefaultSelectStrategyFactory.INSTANCE);
        ExecutorService dtlsExecutor = DtlsHandshakeExecutor.create(DTLS_HANDSHAKE_THREADS);
        ThreadPoolExecutor signalExecutor = signalExecutor(config.serverLimits().signalThreads());
        ServerMetrics metrics = new ServerMetrics();
        ObjectMapper json = new ObjectMapper();
        WebhookDispatcher webhooks = new WebhookDispatcher(config.callbacks(), json);
        try {
            DtlsCertificate certificate = DtlsCertificate.generate();
            UdpPortMux mux = UdpPortMux.bind(mediaGroup, new InetSocketAddress(config.bind(), config.rtcPort()),
                    (buf, off, len) -> StunMessage.peekLocalUfrag(buf, off, len).orElse(null),
                    error -> fatalErrors.reportIfFatal("the media port", error), config.mediaThreads());
            Optional<IceTcpPort> iceTcp = NetworkReach.bindIceTcp(config, mux,
                    error -> fatalErrors.reportIfFatal("the TCP media port", error));
            WebRtcMediaPlane media = new WebRtcMediaPlane(mux, certificate, dtlsExecutor, MediaClock.system(),
                    config.consentTimeout(), new CandidateAddresses(config.reach().announceIps(),
                            config.announcePort(), iceTcp.map(IceTcpPort::port).orElse(0)));
            Rooms sfu = new Rooms(media, config.limits(), webhooks);
            RoomAdmin roomAdmin = new RoomAdmin(sfu);
            long heartbeatMs = Math.max(1000, (config.heartbeatTimeout().toMillis() - 2000) / 3);
            ServerLimits limits = config.serverLimits();
            // An OOM in a task of these would otherwise be logged by Netty or the pool and forgotten.
            Executor sfuThread = fatalErrors.guard("the SFU thread", mux.eventLoop());
            faults.ifPresent(f -> f.attach(sfuThread));
            Readiness readiness = new Readiness(fatalErrors);
            SignalContext signaling = new SignalContext(json, sfu, sfuThread,
                    fatalErrors.guard("a signaling thread", signalExecutor), auth,
                    new AddressLimiter(limits.joinsPerMinutePerIp(), limits.failedJoinsPerMinutePerIp(),
                            System::nanoTime), limits, heartbeatMs, System::nanoTime, metrics,
                    NetworkReach.turnCredentials(config),
                    new Continuity(config.resilience().reconnectGrace(), mux.eventLoop(),
                            readiness, UUID.randomUUID().toString()));
            Executor offThread = fatalErrors.guard("a signaling thread", signalExecutor);
            Map<String, ApiEndpoint> endpoints = Map.of(
                    AdminApi.PREFIX, new AdminApi(json, new AdminAuthenticator(verifier), roomAdmin, sfuThread),
                    MetricsEndpoint.PATH, new MetricsEndpoint(metrics, roomAdmin, media::counters, sfuThread,
                            offThread));
            Optional<ServerTls> tls = NetworkReach.tls(config, httpGroup.next());
            HttpServer http = HttpServer.start(httpGroup, config.bind(), config.httpPort(), json, devApp,
                    () -> NetworkReach.withIceTcp(health(sfu, mux, media, fatalErrors, readiness), iceTcp),
                    outbox -> new SignalSession(signaling, outbox),
                    config.heartbeatTimeout(), config.serverLimits(), fatalErrors, faults, endpoints, tls);
            ServerMeters.bind(metrics, mux, media, http, signalExecutor, webhooks);
            readiness.watchOverload(ReceiveBufferWatch.start(mux::droppedReceiveBufferFull, httpGroup.next(),
                    offThread)::overloaded);
            List<EventLoopWatchdog.WatchedLoop> loops = new ArrayList<>();
            loops.add(EventLoopWatchdog.WatchedLoop.of("media (SFU thread)", mux.eventLoop()));
            int n = 0;
            for (EventExecutor loop : mediaGroup) {
                if (loop != mux.eventLoop()) {
                    loops.add(EventLoopWatchdog.WatchedLoop.of("media-" + ++n, loop));
                }
            }
            n = 0;
            for (EventExecutor loop : httpGroup) {
                loops.add(EventLoopWatchdog.WatchedLoop.of("http-" + ++n, loop));
            }
            EventLoopWatchdog watchdog = EventLoopWatchdog.start(loops, fatalErrors,
                    EventLoopWatchdog.DEFAULT_STALL_LIMIT);
            metrics.eventLoop("media", mux.eventLoop());
            n = 0;
            for (EventExecutor loop : mediaGroup) {
                if (loop != mux.eventLoop()) {
                    metrics.eventLoop("media-" + ++n, loop);
                }
            }
            n = 0;
            for (EventExecutor loop : httpGroup) {
                metrics.eventLoop("http-" + ++n, loop);
            }
            ParleyServer server = new ParleyServer(config, devApp, mediaGroup, httpGroup, dtlsExecutor,
                    signalExecutor, mux, media, sfu, http, fatalErrors, watchdog, metrics, webhooks, readiness);
            server.reach = new NetworkReach(iceTcp, tls);
            return server;
        } catch (Exception e) {
            fatalErrors.shuttingDown();
            webhooks.close();
            metrics.close();
            mediaGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            httpGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            dtlsExecutor.shutdownNow();
            signalExecutor.shutdownNow();
            throw e;
        }
    }

    /**
     * What /healthz reports: {@code ok} and counts that must fall back to 0 when everyone has left (no
     * leaks), or {@code failing} and the reason after a fatal error (the process is about to exit).
     */
    private static Map<String, Object> health(Rooms sfu, UdpPortMux mux, WebRtcMediaPlane media,
                                              FatalErrorMonitor fatalErrors,
                                              Readiness readiness) {
        Map<String, Object> h = new java.util.LinkedHashMap<>();
        Optional<String> failure = fatalErrors.failure();
        h.put("status", failure.isPresent() ? "failing" : "ok");
        failure.ifPresent(reason -> h.put("reason", reason));
        h.put("rooms", sfu.roomCount());
        h.put("transports", mux.transportCount());
        h.put("mediaSessions", media.sessionCount());
        h.put("droppedDatagrams", mux.droppedUnknownSender() + mux.droppedUnclassified() + mux.droppedOversized());
        h.put("readiness", readiness.state().wire()); // what /readyz answers
        return h;
    }

    /**
     * Where UserSigs are verified and SDP parsed, off the media thread; a bounded queue, so a flood is
     * refused ("busy") rather than queued.
     */
    private static ThreadPoolExecutor signalExecutor(int threads) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(SIGNAL_QUEUE), new DefaultThreadFactory("signal", true),
                new ThreadPoolExecutor.AbortPolicy());
    }

    private static EventLoopGroup eventLoops(int threads, String name, FatalErrorMonitor fatalErrors,
                                             SelectStrategyFactory selectStrategy) {
        EventLoopThreadFactory factory = new EventLoopThreadFactory(name, fatalErrors);
        return Epoll.isAvailable() ? new EpollEventLoopGroup(threads, factory, selectStrategy)
                : new NioEventLoopGroup(threads, factory, SelectorProvider.provider(), selectStrategy);
    }

    public int httpPort() {
        return http.port();
    }

    public int rtcPort() {
        return mux.port();
    }

    public HttpServer http() {
        return http;
    }

    public Optional<DevApp> devApp() {
        return devApp;
    }

    public UdpPortMux mux() {
        return mux;
    }

    /** Runs {@code task} on the SFU thread and waits for it (tests and operations). */
    public <T> T onSfuThread(java.util.concurrent.Callable<T> task) throws Exception {
        return mux.eventLoop().submit(task).get(10, TimeUnit.SECONDS);
    }

    /** The first fatal condition, once there is one (what /healthz reports). */
    public FatalErrorMonitor fatalErrors() {
        return fatalErrors;
    }

    public Rooms sfu() {
        return sfu;
    }

    public WebRtcMediaPlane media() {
        return media;
    }

    /** What start-up prints: where to go, and in development mode the app's credentials. */
    public String banner() {
        StringBuilder sb = new StringBuilder();
        sb.append("Parley is running.\n");
        String http = reach.tls().isPresent() ? "https" : "http";
        String ws = reach.tls().isPresent() ? "wss" : "ws";
        sb.append("  demo page:   ").append(http).append("://localhost:").append(httpPort()).append("/\n");
        sb.append("  Web SDK:     ").append(http).append("://localhost:").append(httpPort()).append("/sdk/trtc.js\n");
        sb.append("  signaling:   ").append(ws).append("://localhost:").append(httpPort()).append("/ws\n");
        sb.append("  media:       udp ").append(config.bind()).append(':').append(rtcPort())
          .append(" (announced as ").append(config.announceIp())
          .append(config.announcePort() > 0 ? ":" + config.announcePort() : "").append(")\n");
        reach.iceTcp().ifPresent(t -> sb.append("  media tcp:   ").append(config.bind()).append(':').append(t.port())
                .append(" (ICE-TCP, announced as ").append(String.join(", ", config.reach().announceIps()))
                .append(")\n"));
        if (config.reach().announceIps().size() > 1) {
            sb.append("  announced:   ").append(String.join(", ", config.reach().announceIps())).append('\n');
        }
        config.reach().turn().ifPresent(t -> sb.append("  TURN:        ").append(String.join(", ", t.urls()))
                .append('\n'));
        devApp.ifPresentOrElse(app -> sb.append("  development mode: sdkAppId ").append(app.sdkAppId())
                        .append(", secret key in ").append(config.dataDir().resolve("dev-app.properties"))
                        .append("\n  (configure --sdk-app-id and --secret-key for production)\n"),
                () -> sb.append("  apps: ").append(config.apps().keysByApp().keySet()).append('\n'));
        return sb.toString();
    }

    /**
     * Graceful drain (SIGTERM): no more joins ({@code /readyz} says {@code draining}), every client told
     * {@code server-going-away}, then up to {@code drainTimeout} for the rooms to empty. Returns whether they
     * did. The caller closes the server afterwards. Blocks the calling thread (not an event loop).
     */
    public boolean drain(java.time.Duration drainTimeout) throws Exception {
        readiness.startDraining();
        int told = onSfuThread(() -> sfu.announceGoingAway(Optional.empty(), drainTimeout));
        log.info("draining: joins refused, {} participant(s) told the server is going away; waiting up to {} s"
                + " for the calls to end", told, drainTimeout.toSeconds());
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (sfu.roomCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        boolean empty = sfu.roomCount() == 0;
        log.info(empty ? "drained: every call ended" : "drain timeout: {} room(s) still open; closing them",
                sfu.roomCount());
        return empty;
    }

    public Readiness readiness() {
        return readiness;
    }

    @Override
    public void close() {
        log.info("shutting down");
        fatalErrors.shuttingDown();
        watchdog.close();
        try {
            // Before the connections close (which would only detach their participants for a reconnection
            // grace that this process will not see end): the webhooks get every exit and room end.
            // At most 2 s: after a fatal error the SFU thread may be the one that is stuck.
            int left = mux.eventLoop().submit(() -> sfu.closeAll("server shutting down")).get(2, TimeUnit.SECONDS);
            if (left > 0) {
                log.info("{} participant(s) left their rooms at shutdown", left);
            }
        } catch (Exception e) {
            log.warn("rooms not closed at shutdown: {}", e.toString());
        }
        try {
            http.close();
        } finally {
            reach.close();
            media.close();
            mux.close();
            httpGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            mediaGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            dtlsExecutor.shutdownNow();
            signalExecutor.shutdownNow();
            if (!webhooks.isEmpty()) {
                // The SFU thread's last tasks are the leaves of the connections just closed: their exit events
                // are queued once it ends, and the webhooks then get a few seconds to send them.
                mediaGroup.terminationFuture().awaitUninterruptibly(3000);
            }
            webhooks.close();
            metrics.close();
        }
    }
}
