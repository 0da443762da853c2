package dev.parley.server.it;

import dev.parley.server.ParleyServer;
import dev.parley.server.config.ConfigLoader;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.it.ImpairmentRelay.Impairment;
import dev.parley.usersig.UserSig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A call between Chromium pages through the impairment relay: the server (in this JVM) binds its media
 * port and announces the relay's port ({@code --announce-port}), so every packet of every browser crosses
 * the relay. Used by {@link LossRecoveryIT} and {@link LossRecoveryBench}.
 */
final class LossyCall implements AutoCloseable {
    static final long SDK_APP_ID = 1_400_000_005L;
    static final String SECRET_KEY = "loss-recovery-it-secret-key-0123456789abcdef";

    private final ImpairmentRelay relay;
    private final ParleyServer server;
    private final PageServer pages;
    private final List<Browser> browsers = new ArrayList<>();
    private final Path dir;

    private LossyCall(ImpairmentRelay relay, ParleyServer server, PageServer pages, Path dir) {
        this.relay = relay;
        this.server = server;
        this.pages = pages;
        this.dir = dir;
    }

    /**
     * @param lossRecovery false starts the server with {@code -Dparley.lossRecovery=off} (benchmark baseline)
     * @param seed the relay's seed
     */
    static LossyCall start(boolean lossRecovery, long seed) throws Exception {
        int rtcPort = FreePort.forUdpAndTcp(); // free now; the server binds it right after
        ImpairmentRelay relay = new ImpairmentRelay(new InetSocketAddress(InetAddress.getLoopbackAddress(), rtcPort),
                Impairment.NONE, Impairment.NONE, seed);
        Path dir = Files.createTempDirectory("parley-loss");
        ServerConfig config = new ConfigLoader(Map.of()).load(List.of("--http-port", "0",
                "--rtc-port", Integer.toString(rtcPort), "--announce-port", Integer.toString(relay.port()),
                "--bind", "127.0.0.1", "--announce-ip", "127.0.0.1", "--data-dir", dir.toString(),
                "--sdk-app-id", Long.toString(SDK_APP_ID), "--secret-key", SECRET_KEY));
        if (lossRecovery) {
            System.clearProperty("parley.lossRecovery");
        } else {
            System.setProperty("parley.lossRecovery", "off");
        }
        ParleyServer server;
        try {
            server = ParleyServer.start(config);
        } catch (Exception e) {
            relay.close();
            throw e;
        } finally {
            System.clearProperty("parley.lossRecovery");
        }
        return new LossyCall(relay, server, new PageServer("http://localhost:" + server.httpPort()), dir);
    }

    ImpairmentRelay relay() {
        return relay;
    }

    /** Sets both directions at once (client → server and server → client). */
    void impair(Impairment uplink, Impairment downlink) {
        relay.setUplink(uplink);
        relay.setDownlink(downlink);
    }

    Browser join(String page, String userId, int roomId) {
        Browser b = new Browser();
        browsers.add(b);
        b.open(pages.url(page) + "?sdkAppId=" + SDK_APP_ID + "&userId=" + userId + "&userSig="
                + UserSig.generate(SDK_APP_ID, SECRET_KEY, userId, 3600) + "&roomId=" + roomId);
        return b;
    }

    /**
     * Alice (publisher) and Bob (subscriber) join {@code roomId} without impairment; once Bob decodes
     * Alice's video, both directions get {@code uplink}/{@code downlink}, and after {@code settle} the
     * window is measured.
     */
    LossWindow callUnderLoss(int roomId, Impairment uplink, Impairment downlink, Duration settle, Duration window)
            throws InterruptedException {
        Browser alice = join("seed-videocall.html", "alice", roomId);
        Browser bob = join("seed-rtc.html", "bob", roomId);
        await("bob decodes alice's video", Duration.ofSeconds(40), () -> {
            Map<String, Map<String, Number>> s = rtpStats(bob);
            Map<String, Number> in = s.get("inVideo");
            return in != null && in.get("framesDecoded") != null && in.get("framesDecoded").longValue() > 10;
        });
        impair(uplink, downlink);
        Thread.sleep(settle.toMillis());
        return LossWindow.measure(alice, bob, window);
    }

    static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        Poll.until(what, timeout, condition, () -> "");
    }

    /** The RTP statistics of every peer connection of a page (see hooks.js {@code __rtpStats}). */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Number>> rtpStats(Browser b) {
        return (Map<String, Map<String, Number>>) b.jsAsync(
                "const done = arguments[arguments.length - 1]; window.__rtpStats().then(done, e => done({error: String(e)}));");
    }

    @Override
    public void close() throws IOException {
        browsers.forEach(Browser::close);
        pages.close();
        server.close();
        relay.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
