package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ClientListener;
import dev.parley.client.LocalStream;
import dev.parley.client.ParleyClient;
import dev.parley.client.ReceiveStats;
import dev.parley.client.RemoteStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headless Java client and a seed page in Chromium in one room, through the real server jar: the page
 * decodes the client's video (VP8 from an IVF file, encoded by Chromium's own WebCodecs so that it is
 * real VP8), and the client receives the page's camera and counts its frames.
 */
class HeadlessClientBrowserIT extends ServerPagesFixture {
    private static final int ROOM = 7300;

    /** 90 frames of moving colour, 320×240 at 30 fps, a keyframe each second, as an IVF file. */
    private static Path encodeVp8(Browser b, Path dir) throws Exception {
        b.open(server.baseUrl() + "/"); // any page of localhost: WebCodecs needs a secure context
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) b.jsAsync("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const frames = [];
                  const enc = new VideoEncoder({
                    output: (c) => {
                      const bytes = new Uint8Array(c.byteLength);
                      c.copyTo(bytes);
                      let s = '';
                      for (const x of bytes) s += String.fromCharCode(x);
                      frames.push(btoa(s));
                    },
                    error: (e) => done({error: String(e)}),
                  });
                  enc.configure({codec: 'vp8', width: 320, height: 240, bitrate: 400000, framerate: 30});
                  const canvas = new OffscreenCanvas(320, 240);
                  const g = canvas.getContext('2d');
                  for (let i = 0; i < 90; i++) {
                    g.fillStyle = 'hsl(' + (i * 4) + ',80%,50%)';
                    g.fillRect(0, 0, 320, 240);
                    g.fillStyle = '#fff';
                    g.fillRect((i * 3) % 300, 110, 20, 20);
                    const f = new VideoFrame(canvas, {timestamp: i * 33333});
                    enc.encode(f, {keyFrame: i % 30 === 0});
                    f.close();
                  }
                  await enc.flush();
                  done({frames});
                })().catch((e) => done({error: String(e)}));
                """);
        assertThat(r).as("WebCodecs VP8 encoding").doesNotContainKey("error");
        @SuppressWarnings("unchecked")
        List<String> frames = (List<String>) r.get("frames");
        assertThat(frames).hasSize(90);
        List<byte[]> bytes = new ArrayList<>();
        frames.forEach(f -> bytes.add(Base64.getDecoder().decode(f)));
        return Files.write(dir.resolve("webcodecs.ivf"), HeadlessClientIT.ivf(bytes));
    }

    @Test
    void aPageDecodesTheClientsVideoAndTheClientCountsThePagesFrames(@TempDir Path dir) throws Exception {
        Browser page = new Browser();
        browsers.add(page);
        Path ivf = encodeVp8(page, dir);

        BlockingQueue<RemoteStream> added = new LinkedBlockingQueue<>();
        try (ParleyClient bot = ParleyClient.create(server.baseUrl(), ServerProcess.SDK_APP_ID, "bot",
                ServerProcess.userSig("bot"))) {
            bot.on(new ClientListener() {
                @Override
                public void onStreamAdded(RemoteStream stream) {
                    added.add(stream);
                }
            });
            bot.join(ROOM);
            String botStream = bot.publish(LocalStream.fromIvf(ivf, true));
            page.open(pages.url("seed-rtc.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID + "&userId=web"
                    + "&userSig=" + ServerProcess.userSig("web") + "&roomId=" + ROOM);

            // The page sees the bot's video: frames decoded and advancing, at the encoded size.
            awaitTrue("the page subscribed to the bot", () -> page.subscribedStreamIds().contains(botStream));
            awaitTrue("the page decodes the bot's frames",
                    () -> ((Number) page.measure(botStream, 300).get("framesAfter")).longValue() > 0);
            Map<String, Object> m = page.measure(botStream, 2000);
            assertThat(((Number) m.get("framesAfter")).longValue()).as("frames advance: %s", m)
                    .isGreaterThan(((Number) m.get("framesBefore")).longValue() + 5);
            assertThat(((Number) m.get("width")).longValue()).as("video width: %s", m).isEqualTo(320);

            // The bot receives the page's camera and microphone.
            RemoteStream web = added.poll(20, TimeUnit.SECONDS);
            assertThat(web).as("stream-added for the page").isNotNull();
            assertThat(web.getUserId()).isEqualTo("web");
            bot.subscribe(web);
            awaitTrue("the bot counts the page's frames", () -> web.stats().videoFrames() >= 30);
            ReceiveStats s = web.stats();
            assertThat(s.packets()).isGreaterThan(s.videoFrames());
            assertThat(s.damaged()).isZero(); // a browser's payloads carry no stamp: nothing is checked
            assertThat(s.checked()).isZero();
            bot.leave();
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
