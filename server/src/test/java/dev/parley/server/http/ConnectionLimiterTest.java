package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.http.ConnectionLimiter.Admission;
import dev.parley.server.http.ConnectionLimiter.Refusal;
import dev.parley.server.http.ConnectionLimiter.Slot;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    private static ConnectionLimiter limiter(int max, int perAddress, int unjoined, int unjoinedPerAddress) {
        return new ConnectionLimiter(max, perAddress, unjoined, unjoinedPerAddress,
                new LogThrottle(Duration.ofMinutes(1), 16, System::nanoTime));
    }

    private Admission connect(ConnectionLimiter limiter, String ip) throws UnknownHostException {
        EmbeddedChannel ch = TestChannels.from(ip);
        channels.add(ch);
        return limiter.admit(ch, InetAddress.getByName(ip));
    }

    private Slot admitted(ConnectionLimiter limiter, String ip) throws UnknownHostException {
        Admission a = connect(limiter, ip);
        assertThat(a.refusal()).as("refusal of a connection from %s", ip).isEmpty();
        return a.slot().orElseThrow();
    }

    @Test
    void oneAddressIsRefusedOverItsUnjoinedCapWhileOthersGetIn() throws Exception {
        ConnectionLimiter limiter = limiter(100, 10, 100, 3);
        for (int i = 0; i < 3; i++) {
            admitted(limiter, "198.51.100.1");
        }
        assertThat(connect(limiter, "198.51.100.1").refusal()).contains(Refusal.ADDRESS_UNJOINED_FULL);
        admitted(limiter, "198.51.100.2");
        assertThat(limiter.connections()).isEqualTo(4);
    }

    @Test
    void joinedConnectionsFreeTheUnjoinedCapButCountTowardsTheAddressCap() throws Exception {
        ConnectionLimiter limiter = limiter(100, 4, 100, 2);
        for (int i = 0; i < 4; i++) {
            limiter.joined(admitted(limiter, "198.51.100.1"));
        }
        assertThat(limiter.unjoined()).isZero();
        assertThat(connect(limiter, "198.51.100.1").refusal()).contains(Refusal.ADDRESS_FULL);
    }

    @Test
    void overTheServerWideUnjoinedCapTheOldestIsEvicted() throws Exception {
        ConnectionLimiter limiter = limiter(100, 100, 3, 100);
        Slot oldest = admitted(limiter, "198.51.100.1");
        Slot second = admitted(limiter, "198.51.100.2");
        Slot joined = admitted(limiter, "198.51.100.3");
        limiter.joined(joined); // a joined WebSocket is never evicted
        Slot third = admitted(limiter, "198.51.100.4");

        Slot newcomer = admitted(limiter, "203.0.113.9");

        assertThat(oldest.channel.isOpen()).isFalse();
        assertThat(List.of(second, joined, third, newcomer)).allSatisfy(s -> assertThat(s.channel.isOpen()).isTrue());
        assertThat(limiter.unjoined()).isEqualTo(3);
        assertThat(limiter.evicted()).isEqualTo(1);
        limiter.closed(oldest); // its close listener runs
        assertThat(limiter.connections()).isEqualTo(4);
    }

    @Test
    void overTheGlobalCapTheNewConnectionIsRefused() throws Exception {
        ConnectionLimiter limiter = limiter(2, 100, 100, 100);
        admitted(limiter, "198.51.100.1");
        admitted(limiter, "198.51.100.2");
        assertThat(connect(limiter, "198.51.100.3").refusal()).contains(Refusal.SERVER_FULL);
        assertThat(limiter.connections()).isEqualTo(2);
    }

    @Test
    void countsReturnToZeroAndForgetEveryAddress() throws Exception {
        ConnectionLimiter limiter = limiter(1000, 5, 1000, 5);
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Admission a = connect(limiter, "10.0." + (i % 50) + ".1");
            a.slot().ifPresent(slots::add);
        }
        assertThat(slots).hasSize(250); // 50 addresses, 5 each
        assertThat(limiter.addresses()).isEqualTo(50);
        for (int i = 0; i < slots.size(); i++) {
            if (i % 2 == 0) {
                limiter.joined(slots.get(i));
            }
        }
        for (Slot s : slots) {
            limiter.closed(s);
            limiter.closed(s); // idempotent
            limiter.joined(s); // a late join report of a closed connection changes nothing
        }
        assertThat(limiter.connections()).isZero();
        assertThat(limiter.unjoined()).isZero();
        assertThat(limiter.addresses()).isZero();
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() throws Exception {
        ConnectionLimiter limiter = limiter(100, 100, 100, 2);
        admitted(limiter, "2001:db8:1:2::a");
        admitted(limiter, "2001:db8:1:2:ffff::b");
        assertThat(connect(limiter, "2001:db8:1:2:1:2:3:4").refusal()).contains(Refusal.ADDRESS_UNJOINED_FULL);
        admitted(limiter, "2001:db8:1:3::a");
        assertThat(ConnectionLimiter.addressKey(InetAddress.getByName("2001:db8:1:2:1:2:3:4")))
                .isEqualTo(InetAddress.getByName("2001:db8:1:2::"));
        assertThat(ConnectionLimiter.addressKey(InetAddress.getByName("192.0.2.1")))
                .isEqualTo(InetAddress.getByName("192.0.2.1"));
    }

    @Test
    void theEvictionOnlyEverClosesUnjoinedConnectionsAndKeepsTheCountsExact() throws Exception {
        ConnectionLimiter limiter = limiter(1000, 1000, 10, 1000);
        List<Slot> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Slot s = admitted(limiter, "10.1.0." + (i + 1));
            all.add(s);
            if (i % 3 == 1) {
                limiter.joined(s);
            }
        }
        assertThat(limiter.unjoined()).isEqualTo(10);
        assertThat(all).filteredOn(s -> !s.channel.isOpen()).allSatisfy(s -> assertThat(s.isUnjoined()).isFalse());
        assertThat(all.stream().filter(s -> s.channel.isOpen() && s.isUnjoined()).count())
                .isEqualTo(10);
        all.forEach(limiter::closed);
        assertThat(limiter.connections()).isZero();
        assertThat(limiter.unjoined()).isZero();
        assertThat(limiter.addresses()).isZero();
    }
}
