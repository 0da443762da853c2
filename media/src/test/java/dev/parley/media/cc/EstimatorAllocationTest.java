package dev.parley.media.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.media.rtcp.TransportLayerCc;
import dev.parley.media.rtcp.TransportLayerCcBuilder;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The per-packet path (sends and feedback) allocates nothing once warmed up. */
class EstimatorAllocationTest {
    private static final int PER_FEEDBACK = 100;

    @Test
    void sendingAndProcessingFeedbackAllocateNothingInSteadyState() {
        var threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean);
        var mx = (com.sun.management.ThreadMXBean) threads;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());

        int rounds = 400;
        TransportLayerCc[] feedback = new TransportLayerCc[rounds];
        for (int r = 0; r < rounds; r++) {
            TransportLayerCcBuilder b = TransportLayerCc.builder(1, 2, r);
            for (int i = 0; i < PER_FEEDBACK; i++) {
                int n = r * PER_FEEDBACK + i;
                b.add(n & 0xFFFF, i % 17 == 0 ? TransportLayerCc.NOT_RECEIVED : 50_000_000L + n * 1_000L + (i % 7) * 250);
            }
            feedback[r] = b.build();
        }
        SendSideBandwidthEstimator bwe = new SendSideBandwidthEstimator(30_000, 10_000_000, 500_000);
        long threadId = Thread.currentThread().getId();
        long before = 0;
        for (int r = 0; r < rounds; r++) {
            if (r == rounds / 2) {
                before = mx.getThreadAllocatedBytes(threadId);
            }
            for (int i = 0; i < PER_FEEDBACK; i++) {
                int n = r * PER_FEEDBACK + i;
                bwe.onPacketSent(n & 0xFFFF, 1200, 1_000_000L + n * 1_000L, r % 10 == 0 ? r : -1);
            }
            bwe.onFeedback(feedback[r], 1_000_000L + (r + 1) * PER_FEEDBACK * 1_000L + 60_000);
        }
        long allocated = mx.getThreadAllocatedBytes(threadId) - before;
        assertThat(allocated).as("bytes allocated by %d packets and feedbacks", rounds / 2 * PER_FEEDBACK)
                .isLessThan(1024);
        assertThat(bwe.estimateBps()).isBetween(30_000L, 10_000_000L);
    }
}
