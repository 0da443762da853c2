package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Not a test (not named *IT): renders the README's screenshot of the demo page with three people in a
 * room. Run: {@code mvn verify -pl server -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=DemoPageScreenshot}; it writes {@code docs/demo.png}.
 */
class DemoPageScreenshot {

    @Test
    void screenshotOfACall() throws Exception {
        try (ServerProcess server = ServerProcess.start(); Browser ann = new Browser(System.getProperty("parley.screenshot.size", "1440,900")); Browser ben = new Browser();
             Browser cleo = new Browser()) {
            for (var p : new Object[][] {{ben, "ben"}, {cleo, "cleo"}, {ann, "ann"}}) {
                Browser b = (Browser) p[0];
                String user = (String) p[1];
                b.open(server.baseUrl() + "/?sdkAppId=" + ServerProcess.SDK_APP_ID + "&userId=" + user
                        + "&roomId=2026");
                b.js("document.getElementById('userSig').value = arguments[0];"
                        + "document.getElementById('join').click();", ServerProcess.userSig(user));
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && ((Number) ann.js(
                    "return [...document.querySelectorAll('#grid video')].filter(v => v.videoWidth > 0).length"))
                    .intValue() < 3) {
                Thread.sleep(200);
            }
            Thread.sleep(1500);
            byte[] png = ann.screenshot();
            Path out = Path.of("..", "docs", "demo.png");
            Files.write(out, png);
            assertThat(png.length).isGreaterThan(10_000);
        }
    }
}
