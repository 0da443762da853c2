package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** Drives the test pages that expose their steps as {@code window.q} (quality.html, simulcast.html). */
final class PageSteps {
    private PageSteps() {
    }

    /** Runs one step of {@code window.q} and returns its value; fails with the page's error. */
    @SuppressWarnings("unchecked")
    static Object run(Browser b, String step, Object... args) {
        Map<String, Object> r = (Map<String, Object>) b.jsAsync(
                "window.q.run(arguments[0], arguments[1], arguments[arguments.length - 1])", step, List.of(args));
        assertThat(r).as("q.%s", step).doesNotContainKey("error");
        return r.get("value");
    }
}
