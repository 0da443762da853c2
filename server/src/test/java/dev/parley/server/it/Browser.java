package dev.parley.server.it;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One participant: Debian's headless Chromium with a fake camera and microphone, driven over
 * chromedriver. Never a downloaded browser.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private boolean closed;

    Browser() {
        this("900,700");
    }

    /**
     * @param windowSize     "width,height" of the headless window
     * @param extraArguments more Chromium switches, e.g. {@code --use-file-for-fake-video-capture=<y4m>}
     */
    Browser(String windowSize, String... extraArguments) {
        this(Map.of("webrtc.ip_handling_policy", "default_public_interface_only"), windowSize, extraArguments);
    }

    /**
     * A Chromium whose WebRTC may not send UDP except through a proxy (the policy of networks that block
     * UDP): its only ways to the server are ICE-TCP and TURN over TCP.
     */
    static Browser withoutUdp(String... extraArguments) {
        return new Browser(Map.of("webrtc.ip_handling_policy", "disable_non_proxied_udp"), "900,700", extraArguments);
    }

    private Browser(Map<String, Object> prefs, String windowSize, String... extraArguments) {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("browser tests need Debian's Chromium: apt-get install -y chromium"
                    + " chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--autoplay-policy=no-user-gesture-required", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows", "--window-size=" + windowSize);
        o.addArguments(extraArguments);
        // ICE sockets bound to the wildcard address: they can reach the server's 127.0.0.1 candidate, so
        // the tests' media stays on loopback (interface-bound sockets cannot route to 127.0.0.0/8).
        o.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).withSilent(true).build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    void open(String url) {
        driver.get(url);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Types into the input with that id, as a person would (clearing what is there first). */
    void type(String elementId, String text) {
        org.openqa.selenium.WebElement input = driver.findElement(org.openqa.selenium.By.id(elementId));
        input.clear();
        input.sendKeys(text);
    }

    /** Clicks the element with that id. */
    void click(String elementId) {
        driver.findElement(org.openqa.selenium.By.id(elementId)).click();
    }

    byte[] screenshot() {
        return driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
    }

    /** The candidate pair of each connected peer connection of the SDK (hooks.js {@code __selectedPairs}). */
    @SuppressWarnings("unchecked")
    List<Map<String, Map<String, Object>>> selectedPairs() {
        return (List<Map<String, Map<String, Object>>>) jsAsync(
                "const done = arguments[arguments.length - 1]; window.__selectedPairs().then(done, e => done([]));");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> events() {
        return (List<Map<String, Object>>) js("return window.__events || []");
    }

    boolean hasEvent(String name, Predicate<Map<String, Object>> match) {
        return events().stream().anyMatch(e -> name.equals(e.get("name")) && match.test(e));
    }

    /** Decoded frames and audio level of a subscribed remote stream over {@code ms}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> measure(String streamId, int ms) {
        return (Map<String, Object>) jsAsync(
                "const done = arguments[arguments.length - 1]; window.__measure(arguments[0], arguments[1])"
                        + ".then(done, e => done({error: String(e)}));", streamId, ms);
    }

    @SuppressWarnings("unchecked")
    List<String> subscribedStreamIds() {
        return (List<String>) js("return Object.keys(window.__remote || {})");
    }

    /** Closes the browser without leaving: like a user closing the tab. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            driver.quit();
        }
    }
}
