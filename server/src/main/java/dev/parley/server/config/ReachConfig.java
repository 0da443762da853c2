package dev.parley.server.config;

import dev.parley.media.transport.IceTcpLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How clients on real networks reach the server (issue 13): the addresses announced in ICE candidates,
 * ICE over TCP, TLS on the HTTP port, and the TURN servers whose credentials clients are handed.
 *
 * @param announceIps every address put in ICE candidates (IPv4 and IPv6), most preferred first
 * @param iceTcp whether the TCP media port is open (RFC 6544 passive candidates)
 * @param tcpPort the TCP media port; empty = the same number as the UDP media port as bound
 * @param tls certificate and key files for HTTPS and WSS on the HTTP port; empty = plain HTTP
 * @param turn TURN servers for clients, with the shared secret of their REST credentials; empty = none
 * @param iceTcpLimits what ICE-TCP clients may hold (config {@code limits:})
 */
public record ReachConfig(List<String> announceIps, boolean iceTcp, OptionalInt tcpPort, Optional<TlsFiles> tls,
                          Optional<TurnConfig> turn, IceTcpLimits iceTcpLimits) {

    /** PEM files: a certificate chain and its PKCS#8 private key (as Let's Encrypt's certbot writes them). */
    public record TlsFiles(Path certificate, Path privateKey) {
    }

    /**
     * TURN servers (coturn with {@code use-auth-secret}) and the secret shared with them.
     *
     * @param urls {@code turn:} / {@code turns:} URLs as an RTCIceServer takes them
     * @param secret coturn's {@code static-auth-secret}
     * @param ttl how long a credential handed at join stays valid
     */
    public record TurnConfig(List<String> urls, String secret, Duration ttl) {
        public TurnConfig {
            urls = List.copyOf(urls);
        }

        @Override
        public String toString() {
            return "TurnConfig[urls=" + urls + ", ttl=" + ttl + ", secret=(hidden)]";
        }
    }

    public ReachConfig {
        announceIps = List.copyOf(announceIps);
    }

    /** One announced address, ICE-TCP on the UDP port's number, no TLS, no TURN. */
    public static ReachConfig defaults(String announceIp) {
        return new ReachConfig(List.of(announceIp), true, OptionalInt.empty(), Optional.empty(), Optional.empty(),
                IceTcpLimits.DEFAULT);
    }
}
