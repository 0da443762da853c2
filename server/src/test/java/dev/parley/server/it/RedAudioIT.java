package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's "RED for audio where the browser offers it" in Chromium, through the real server jar: Alice's
 * Chrome offers {@code red/48000/2}, the server's answer puts it first, so her outbound audio is RFC 2198 RED;
 * the server forwards it as RED to Bob, whose answer kept the RED format it was offered; Bob hears Alice.
 *
 * <p>Chromium 156's getStats() reports {@code audio/opus} as the codec of both the sending and the receiving
 * side of a RED stream (libwebrtc names the codec RED wraps), so the codec cannot be asserted there; the
 * server's log and the packet sizes Bob receives show RED instead.
 */
class RedAudioIT {
    private static final int ROOM = 7322;
    private static ServerProcess server;
    private static PageServer pages;
    private static Browser alice;
    private static Browser bob;

    /** The codec ({@code mimeType}) and packet count of a page's audio RTP streams, from getStats(). */
    private static final String AUDIO_CODECS = "const done = arguments[arguments.length - 1];"
            + "(async () => {"
            + "  const out = {};"
            + "  for (const pc of window.__pcs) {"
            + "    if (pc.connectionState === 'closed') continue;"
            + "    const stats = await pc.getStats();"
            + "    stats.forEach((s) => {"
            + "      if (s.kind !== 'audio' || (s.type !== 'outbound-rtp' && s.type !== 'inbound-rtp')) return;"
            + "      const c = s.codecId && stats.get(s.codecId);"
            + "      const dir = s.type === 'outbound-rtp' ? 'out' : 'in';"
            + "      out[dir + 'Codec'] = c ? c.mimeType : '';"
            + "      out[dir + 'Packets'] = (out[dir + 'Packets'] || 0) + (s.packetsSent || s.packetsReceived || 0);"
            + "      out[dir + 'Bytes'] = (out[dir + 'Bytes'] || 0) + (s.bytesSent || s.bytesReceived || 0);"
            + "    });"
            + "  }"
            + "  return out;"
            + "})().then(done, (e) => done({error: String(e)}));";

    @BeforeAll
    static void startCall() throws Exception {
        server = ServerProcess.start();
        pages = new PageServer(server.baseUrl());
        alice = join("alice");
        bob = join("bob");
    }

    @AfterAll
    static void endCall() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {alice, bob, pages, server}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static Browser join(String userId) {
        Browser b = new Browser();
        b.open(pages.url("seed-videocall.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID + "&userId=" + userId
                + "&userSig=" + ServerProcess.userSig(userId) + "&roomId=" + ROOM);
        return b;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> audioCodecs(Browser b) {
        Map<String, Object> m = (Map<String, Object>) b.jsAsync(AUDIO_CODECS);
        assertThat(m).doesNotContainKey("error");
        return m;
    }

    private static long number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    @Test
    void chromeSendsRedAndTheSubscriberReceivesItWholeAndHearsIt() {
        awaitTrue("bob subscribed to alice", () -> bob.subscribedStreamIds().size() == 1, Duration.ofSeconds(30));
        // Chrome's getStats() names the wrapped codec (audio/opus) for a RED stream, so what crosses the wire is
        // read where it is known: the server sees RFC 2198 packets on the publisher's RED payload type, and
        // applies bob's answer, which kept the RED format it was offered.
        awaitTrue("the server receives RED from the publishers and sends RED to bob",
                () -> server.log().contains("the publisher sends RED (RFC 2198")
                        && server.log().contains("bob@" + ROOM + "/down: audio of "), Duration.ofSeconds(20));
        awaitTrue("alice sends audio and bob receives it", () -> number(audioCodecs(alice), "outPackets") > 100
                && number(audioCodecs(bob), "inPackets") > 100, Duration.ofSeconds(20));
        Map<String, Object> sent = audioCodecs(alice);
        Map<String, Object> received = audioCodecs(bob);
        System.out.println("RED: alice sends " + sent + "; bob receives " + received);
        // Forwarded whole, redundant blocks included: bob's packets are as large as alice's. Cut to the primary
        // they would be about half as large (one redundant block of about the primary's size).
        double sentPerPacket = (double) number(sent, "outBytes") / number(sent, "outPackets");
        double receivedPerPacket = (double) number(received, "inBytes") / number(received, "inPackets");
        assertThat(receivedPerPacket).as("bytes per audio packet, bob's inbound vs alice's outbound %.1f: %s / %s",
                sentPerPacket, received, sent).isGreaterThan(0.9 * sentPerPacket);

        String id = bob.subscribedStreamIds().get(0);
        double peak = 0;
        for (int i = 0; i < 3 && peak <= 0.005; i++) {
            Map<String, Object> m = bob.measure(id, 3000);
            assertThat(m).doesNotContainKey("error");
            peak = Math.max(peak, ((Number) m.get("audioMax")).doubleValue());
        }
        // The fake microphone's beep reads about 0.4; a track carrying no decodable audio reads exactly 0.
        assertThat(peak).as("bob hears alice through RED").isGreaterThan(0.005);
    }

    private static void awaitTrue(String what, BooleanSupplier condition, Duration timeout) {
        Poll.until(what, timeout, condition, () -> "\n--- server log (tail) ---\n" + Poll.tail(server.log(), 60));
    }
}
