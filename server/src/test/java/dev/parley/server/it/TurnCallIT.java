package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call relayed by a real TURN server (Debian's coturn, started here with use-auth-secret): Parley runs with
 * no TCP media port and the browsers may not send UDP (Chromium's disable_non_proxied_udp), so the server's
 * media port is reachable only through coturn, over TURN/TCP. The credentials are those Parley hands out at
 * join (TURN REST scheme); the page sets nothing.
 */
class TurnCallIT {
    private static final String SECRET = "turn-it-secret-0123456789abcdef";
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<CallSide> sides = new ArrayList<>();
    private ServerProcess server;
    private CoturnProcess coturn;

    @AfterEach
    void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("closing failed: " + e);
            }
        }
    }

    private Supplier<String> context() {
        return () -> CallSide.context(server, sides) + "\n--- coturn (tail) ---\n" + Poll.tail(coturn.log(), 40);
    }

    @Test
    void browsersWithoutUdpCallThroughCoturnOverTcpWithTheServersCredentials() throws Exception {
        coturn = CoturnProcess.start(SECRET);
        resources.add(coturn);
        server = ServerProcess.start("--tcp-port", "off", "--turn-urls", coturn.tcpUrl(), "--turn-secret", SECRET,
                "--turn-ttl", "600");
        resources.add(server);
        PageServer pages = new PageServer(server.baseUrl());
        resources.add(pages);
        int room = 3478;
        String[] seeds = {"seed-rtc.html", "seed-videocall.html"};
        for (int i = 0; i < 2; i++) {
            Browser b = Browser.withoutUdp();
            resources.add(b);
            b.open(pages.url(seeds[i]) + IceTcpCallIT.query("turn" + i, room));
            sides.add(CallSide.chromium(b, "Chromium turn" + i));
        }

        for (CallSide s : sides) {
            CallSide.assertReceivesLiveMedia(s, 1, context());
        }
        for (CallSide s : sides) {
            List<Map<String, Map<String, Object>>> pairs = s.selectedPairs();
            assertThat(pairs).as("%s: uplink and downlink connected", s.name()).hasSize(2);
            assertThat(pairs).as(s.name()).allSatisfy(p -> {
                assertThat(p.get("local").get("candidateType")).isEqualTo("relay");
                assertThat(p.get("local").get("relayProtocol")).isEqualTo("tcp");
            });
        }
        assertThat(server.log()).doesNotContain("media port listening on tcp");
    }

    /**
     * v4's setTurnServer: the page supplies the TURN server and its credentials itself (here computed by the
     * test in the TURN REST scheme, independently of Parley's code), and v4's setProxyServer: signaling goes
     * through the page's proxy. Parley hands out no TURN servers and has no TCP media port.
     */
    @Test
    void aPageSuppliedTurnServerAndSignalingProxyCarryTheCall() throws Exception {
        coturn = CoturnProcess.start(SECRET);
        resources.add(coturn);
        server = ServerProcess.start("--tcp-port", "off");
        resources.add(server);
        TcpForwarder proxy = new TcpForwarder(server.httpPort());
        resources.add(proxy);
        PageServer pages = new PageServer(server.baseUrl());
        resources.add(pages);
        String[] seeds = {"seed-rtc.html", "seed-videocall.html"};
        for (int i = 0; i < 2; i++) {
            String user = "page" + i;
            String username = (System.currentTimeMillis() / 1000 + 600) + ":" + user;
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA1"));
            String credential = java.util.Base64.getEncoder().encodeToString(
                    mac.doFinal(username.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            String enc = java.net.URLEncoder.encode(coturn.tcpUrl(), java.nio.charset.StandardCharsets.UTF_8);
            Browser b = Browser.withoutUdp();
            resources.add(b);
            b.open(pages.url(seeds[i]) + IceTcpCallIT.query(user, 3479) + "&turnUrl=" + enc
                    + "&turnUser=" + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8)
                    + "&turnCredential=" + java.net.URLEncoder.encode(credential, java.nio.charset.StandardCharsets.UTF_8)
                    + "&proxy=" + java.net.URLEncoder.encode("ws://localhost:" + proxy.port(),
                    java.nio.charset.StandardCharsets.UTF_8));
            sides.add(CallSide.chromium(b, "Chromium " + user));
        }

        for (CallSide s : sides) {
            CallSide.assertReceivesLiveMedia(s, 1, context());
            assertThat(s.selectedPairs()).as(s.name()).hasSize(2).allSatisfy(p -> {
                assertThat(p.get("local").get("candidateType")).isEqualTo("relay");
                assertThat(p.get("local").get("relayProtocol")).isEqualTo("tcp");
            });
            @SuppressWarnings("unchecked")
            List<Object> ws = (List<Object>) s.js("return window.__wsUrls;");
            assertThat(ws).isNotEmpty().allSatisfy(u -> assertThat((String) u)
                    .isEqualTo("ws://localhost:" + proxy.port() + "/ws"));
        }
        assertThat(proxy.connections()).isGreaterThanOrEqualTo(2);
    }
}
