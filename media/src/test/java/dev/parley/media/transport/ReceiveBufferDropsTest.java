package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReceiveBufferDropsTest {
    /** Two sockets on port 8000 (0x1F40, SO_REUSEPORT), one on another port; the last column is drops. */
    private static final String UDP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
             120: 00000000:1F40 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 41877 2 0000000000000000 17
             121: 0100007F:1F40 00000000:0000 07 00000000:00041000 00:00000000 00000000     0        0 41878 2 0000000000000000 3
             122: 00000000:1F41 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 41879 2 0000000000000000 99
            """;
    private static final String UDP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
              40: 00000000000000000000000000000000:1F40 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 41880 2 0000000000000000 5
            """;

    @Test
    void theDropsOfEverySocketOnThePortAreSummedAndNoOthers() {
        assertThat(ReceiveBufferDrops.sum(UDP, 8000)).isEqualTo(20);
        assertThat(ReceiveBufferDrops.sum(UDP6, 8000)).isEqualTo(5);
        assertThat(ReceiveBufferDrops.sum(UDP, 8001)).isEqualTo(99);
        assertThat(ReceiveBufferDrops.sum(UDP, 80)).isZero();
        assertThat(ReceiveBufferDrops.sum("", 8000)).isZero();
    }

    @Test
    void aPortWhoseLoopIsStuckOverflowsAndTheKernelsDropsAreCounted() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/udp")), "the kernel's UDP table is Linux's /proc/net/udp");
        EventLoopGroup group = Loopback.oneLoop("receive-drops-test");
        CountDownLatch release = new CountDownLatch(1);
        try (UdpPortMux mux = Loopback.bindMux(group); DatagramSocket sender = Loopback.socket()) {
            assertThat(mux.droppedReceiveBufferFull()).isZero();
            CountDownLatch stuck = new CountDownLatch(1);
            mux.eventLoop().execute(() -> {
                stuck.countDown();
                try {
                    release.await(Loopback.WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(stuck.await(Loopback.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            // 40 MB against a receive buffer of at most 4 MB (net.core.rmem_max), none of it read meanwhile.
            byte[] d = new byte[1200];
            d[0] = (byte) 0x80;
            for (int i = 0; i < 35_000; i++) {
                sender.send(new DatagramPacket(d, d.length, Loopback.address(mux.port())));
            }
            long dropped = mux.droppedReceiveBufferFull();
            release.countDown(); // before the port closes: closing waits for its loop
            assertThat(dropped).as("datagrams the kernel dropped").isPositive();
        } finally {
            release.countDown();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
