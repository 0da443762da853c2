package dev.parley.server;

import dev.parley.media.transport.IceTcpPort;
import dev.parley.media.transport.UdpPortMux;
import dev.parley.server.auth.TurnCredentials;
import dev.parley.server.config.ConfigException;
import dev.parley.server.config.ReachConfig;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.http.ServerTls;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes the server reachable beyond one machine (issue 13), built at start from {@link ReachConfig}:
 * the ICE-TCP port, TLS on the HTTP port, TURN credentials for clients.
 */
record NetworkReach(Optional<IceTcpPort> iceTcp, Optional<ServerTls> tls) implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetworkReach.class);

    /**
     * Opens the TCP media port: the configured port, or by default the UDP port's number; when that default
     * number is taken (an ephemeral UDP port whose TCP twin is in use), any free port, since the candidates
     * announce whichever is bound.
     */
    static Optional<IceTcpPort> bindIceTcp(ServerConfig config, UdpPortMux mux, UdpPortMux.ErrorListener errors)
            throws InterruptedException {
        ReachConfig reach = config.reach();
        if (!reach.iceTcp()) {
            return Optional.empty();
        }
        int port = reach.tcpPort().orElse(mux.port());
        try {
            return Optional.of(IceTcpPort.bind(mux, new InetSocketAddress(config.bind(), port), reach.iceTcpLimits(),
                    errors));
        } catch (Exception e) {
            if (reach.tcpPort().isPresent() || config.rtcPort() != 0) {
                throw new IllegalStateException("cannot listen on TCP port " + port + " for ICE-TCP (--tcp-port): "
                        + e.getMessage(), e);
            }
            log.info("TCP port {} is taken; ICE-TCP listens on another port", port);
            return Optional.of(IceTcpPort.bind(mux, new InetSocketAddress(config.bind(), 0), reach.iceTcpLimits(),
                    errors));
        }
    }

    /** TLS with the configured files; a file that cannot be used is a configuration error. */
    static Optional<ServerTls> tls(ServerConfig config, EventExecutor watcher) throws ConfigException {
        Optional<ReachConfig.TlsFiles> files = config.reach().tls();
        if (files.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ServerTls.load(files.get().certificate(), files.get().privateKey(), watcher));
        } catch (ServerTls.TlsFileException e) {
            throw new ConfigException("--tls-cert/--tls-key: " + e.getMessage(), e);
        }
    }

    static Optional<TurnCredentials> turnCredentials(ServerConfig config) {
        return config.reach().turn().map(t -> new TurnCredentials(t.urls(), t.secret(), t.ttl(), Clock.systemUTC()));
    }

    /** /healthz with the ICE-TCP connections open now (0 again when everyone has left). */
    static java.util.Map<String, Object> withIceTcp(java.util.Map<String, Object> health, Optional<IceTcpPort> iceTcp) {
        iceTcp.ifPresent(t -> health.put("iceTcpConnections", t.connectionCount()));
        return health;
    }

    @Override
    public void close() {
        tls.ifPresent(ServerTls::close);
        iceTcp.ifPresent(IceTcpPort::close);
    }
}
