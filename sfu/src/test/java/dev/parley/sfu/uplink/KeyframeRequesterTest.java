package dev.parley.sfu.uplink;

import dev.parley.sfu.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyframeRequesterTest {
    private static final long INTERVAL = 500;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final KeyframeRequester requester = new KeyframeRequester(clock, INTERVAL);

    @Test
    void theFirstRequestIsSentAtOnce() {
        assertThat(requester.request()).isTrue();
    }

    @Test
    void theFirstRequestIsSentEvenWhenTheClockStartsAtZero() {
        KeyframeRequester atEpoch = new KeyframeRequester(new ManualClock(0), INTERVAL);

        assertThat(atEpoch.request()).isTrue();
    }

    @Test
    void requestsWithinTheIntervalAreMergedIntoOneDeferredRequest() {
        assertThat(requester.request()).isTrue();
        clock.advanceMillis(100);
        assertThat(requester.request()).isFalse();
        clock.advanceMillis(100);
        assertThat(requester.request()).isFalse();

        assertThat(requester.due()).isFalse(); // 200 ms after the PLI: not yet
        clock.advanceMillis(299);
        assertThat(requester.due()).isFalse();
        clock.advanceMillis(1);
        assertThat(requester.due()).isTrue();  // exactly one interval after the PLI
        assertThat(requester.due()).isFalse(); // merged: sent once
    }

    @Test
    void aDeferredRequestRestartsTheInterval() {
        requester.request();
        clock.advanceMillis(10);
        requester.request();
        clock.advanceMillis(INTERVAL);
        assertThat(requester.due()).isTrue();

        clock.advanceMillis(10);
        assertThat(requester.request()).isFalse(); // 10 ms after the deferred PLI went out
    }

    @Test
    void withoutAPendingRequestNothingIsDue() {
        requester.request();
        clock.advanceMillis(10 * INTERVAL);

        assertThat(requester.due()).isFalse();
    }

    @Test
    void aRequestAfterTheIntervalIsSentAtOnce() {
        requester.request();
        clock.advanceMillis(INTERVAL);

        assertThat(requester.request()).isTrue();
    }

    @Test
    void aKeyframeSatisfiesThePendingRequest() {
        requester.request();
        clock.advanceMillis(50);
        requester.request();

        requester.keyframeReceived();
        clock.advanceMillis(INTERVAL);

        assertThat(requester.due()).isFalse();
    }

    @Test
    void aRequestAfterAKeyframeIsStillRateLimited() {
        requester.request();
        requester.keyframeReceived();
        clock.advanceMillis(100);

        assertThat(requester.request()).isFalse();
        clock.advanceMillis(400);
        assertThat(requester.due()).isTrue();
    }
}
