package dev.parley.server.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A /metrics scrape: checked by Debian's {@code promtool}, and single samples read from it. */
final class PrometheusText {
    static final String PROMTOOL = "/usr/bin/promtool";

    private PrometheusText() {
    }

    /** promtool's complaints, or empty when the text passes {@code promtool check metrics}. */
    static String promtoolProblems(String text) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PROMTOOL))) {
            throw new IllegalStateException("the metrics test needs Debian's promtool: apt-get install -y prometheus");
        }
        Process p = new ProcessBuilder(PROMTOOL, "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool did not finish");
        }
        return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + out;
    }

    /** The value of the sample {@code series} (name and labels exactly as exposed), or -1 when absent. */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
