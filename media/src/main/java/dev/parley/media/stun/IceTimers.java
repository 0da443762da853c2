package dev.parley.media.stun;

import java.time.Duration;

/**
 * Timers of the controlling agent.
 *
 * @param initialRto first retransmission timeout; doubled after each retransmission (RFC 8489 §6.2.1,
 *     500 ms as RFC 8445 §14.3 recommends for checks)
 * @param maxTransmissions Rc, transmissions of one request including the first (RFC 8489: 7)
 * @param lastWaitMultiplier Rm, the wait after the last transmission in units of the initial RTO
 *     (RFC 8489: 16)
 * @param consentInterval base period of consent checks, randomised to 0.8-1.2 times (RFC 7675 §5.1: 5 s)
 * @param consentTimeout consent is lost after this long without a response (RFC 7675 §5.1: 30 s)
 */
public record IceTimers(Duration initialRto, int maxTransmissions, int lastWaitMultiplier,
                        Duration consentInterval, Duration consentTimeout) {

    public static final IceTimers DEFAULT =
            new IceTimers(Duration.ofMillis(500), 7, 16, Duration.ofSeconds(5), Duration.ofSeconds(30));

    public IceTimers {
        if (initialRto.isNegative() || initialRto.isZero() || consentInterval.isNegative()
                || consentInterval.isZero() || consentTimeout.isNegative() || consentTimeout.isZero()) {
            throw new IllegalArgumentException("timers must be positive");
        }
        if (maxTransmissions < 1 || lastWaitMultiplier < 1) {
            throw new IllegalArgumentException("maxTransmissions and lastWaitMultiplier must be at least 1");
        }
    }
}
