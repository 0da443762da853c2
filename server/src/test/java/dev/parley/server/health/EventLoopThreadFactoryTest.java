package dev.parley.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLoopThreadFactoryTest {
    private final ManualExitTimer timer = new ManualExitTimer();
    private final FatalErrorMonitor monitor = new FatalErrorMonitor(Duration.ofSeconds(1), timer, status -> { });
    private final EventLoopThreadFactory factory = new EventLoopThreadFactory("media", monitor);

    @Test
    void threadsAreNamedDaemonsLikeNettysOwn() {
        Thread t = factory.newThread(() -> { });

        assertThat(t.getName()).startsWith("media-");
        assertThat(t.isDaemon()).isTrue();
    }

    @Test
    void aLoopThreadThatEndsWhileTheServerRunsIsReported() throws Exception {
        Thread t = factory.newThread(() -> { }); // Netty's loop runnable returns only when the loop is over
        t.start();
        t.join(5000);

        assertThat(monitor.failure()).hasValueSatisfying(r -> assertThat(r)
                .contains(t.getName()).contains("ended while the server was running"));
    }

    @Test
    void aLoopThreadThatEndsWhileTheServerClosesIsNot() throws Exception {
        monitor.shuttingDown();
        Thread t = factory.newThread(() -> { });
        t.start();
        t.join(5000);

        assertThat(monitor.failure()).isEmpty();
    }

    @Test
    void anErrorThatEndsANettyLoopIsReported() throws Exception {
        // The loop's thread dies as in the incident ("terminated with non-empty task queue"): an Error out of
        // the loop body, here the test-only fault's.
        FaultInjection faults = new FaultInjection();
        EventLoopGroup group = new NioEventLoopGroup(1, factory, SelectorProvider.provider(),
                faults.mediaLoopSelectStrategy());
        try {
            faults.attach(group.next());
            faults.killMediaLoop();

            Duration delay = timer.started.get(10, TimeUnit.SECONDS);
            assertThat(delay).isEqualTo(Duration.ofSeconds(1));
            assertThat(monitor.failure()).hasValueSatisfying(r -> assertThat(r).contains("media-"));
            assertThat(group.next().isShuttingDown()).isTrue();
        } finally {
            monitor.shuttingDown();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
