package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {
    private final AtomicLong now = new AtomicLong();
    private final LogThrottle throttle = new LogThrottle(Duration.ofMinutes(1), 3, now::get);

    @Test
    void oneLinePerKeyPerIntervalSayingHowManyWereSuppressed() {
        assertThat(throttle.admit("a")).isEqualTo(OptionalLong.of(0));
        assertThat(throttle.admit("a")).isEmpty();
        assertThat(throttle.admit("a")).isEmpty();
        assertThat(throttle.admit("b")).isEqualTo(OptionalLong.of(0));
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(throttle.admit("a")).isEmpty();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(throttle.admit("a")).isEqualTo(OptionalLong.of(3));
    }

    @Test
    void distinctKeysCannotGrowIt() {
        for (int i = 0; i < 1000; i++) {
            throttle.admit("address-" + i);
        }
        assertThat(throttle.size()).isEqualTo(3);
    }
}
