package dev.parley.server.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRateTest {
    private final AtomicLong nanos = new AtomicLong();
    private final RequestRate rate = new RequestRate(10, nanos::get);

    @Test
    void aBurstOfTwiceTheRateIsAdmittedThenRefusedThenAbusive() {
        for (int i = 0; i < 20; i++) {
            assertThat(rate.admit()).isEqualTo(RequestRate.Verdict.ADMITTED);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(rate.admit()).isEqualTo(RequestRate.Verdict.REFUSED);
        }
        assertThat(rate.admit()).isEqualTo(RequestRate.Verdict.ABUSIVE);
    }

    @Test
    void theRateRefillsAndRefusalsAreCountedPerSecond() {
        for (int i = 0; i < 35; i++) {
            rate.admit();
        }
        nanos.addAndGet(1_000_000_000L); // ten tokens back, and a new window of refusals
        for (int i = 0; i < 10; i++) {
            assertThat(rate.admit()).isEqualTo(RequestRate.Verdict.ADMITTED);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(rate.admit()).isEqualTo(RequestRate.Verdict.REFUSED);
        }
    }
}
