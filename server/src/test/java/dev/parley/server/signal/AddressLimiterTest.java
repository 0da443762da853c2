package dev.parley.server.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AddressLimiterTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AddressLimiter limiter = new AddressLimiter(6, 3, nanos::get);

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void joinsPastTheLimitAreRefusedUntilTheBucketRefills() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(limiter.admitJoin(ip("192.0.2.1")).admitted()).isTrue();
        }
        AddressLimiter.Admission refused = limiter.admitJoin(ip("192.0.2.1"));
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refusal()).contains("too many join attempts");
        assertThat(refused.retryAfterSeconds()).isEqualTo(10);
        assertThat(limiter.admitJoin(ip("192.0.2.2")).admitted()).isTrue();

        nanos.addAndGet(10_000_000_000L); // one token: 6 a minute
        assertThat(limiter.admitJoin(ip("192.0.2.1")).admitted()).isTrue();
        assertThat(limiter.admitJoin(ip("192.0.2.1")).admitted()).isFalse();
    }

    @Test
    void refusedJoinsStopFurtherJoinsFromTheAddress() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admitJoin(ip("192.0.2.1")).admitted()).isTrue();
            limiter.recordFailure(ip("192.0.2.1"));
        }
        AddressLimiter.Admission refused = limiter.admitJoin(ip("192.0.2.1"));
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refusal()).contains("too many refused joins");
        assertThat(refused.retryAfterSeconds()).isEqualTo(20);
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareTheirBuckets() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(limiter.admitJoin(ip("2001:db8:1:2::" + Integer.toHexString(i + 1))).admitted()).isTrue();
        }
        assertThat(limiter.admitJoin(ip("2001:db8:1:2:ffff::9")).admitted()).isFalse();
        assertThat(limiter.admitJoin(ip("2001:db8:1:3::1")).admitted()).isTrue();
    }

    @Test
    void theTableIsBounded() throws Exception {
        for (int i = 0; i < AddressLimiter.MAX_ADDRESSES + 500; i++) {
            limiter.admitJoin(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
        }
        assertThat(limiter.size()).isEqualTo(AddressLimiter.MAX_ADDRESSES);
    }
}
