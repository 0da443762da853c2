package dev.parley.server.metrics;

import dev.parley.media.transport.ForwardingDelay;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Arrays;
import java.util.List;

/**
 * {@code parley_media_forwarding_delay_seconds{loop}}: the media loops' {@link ForwardingDelay} histograms as a
 * Prometheus classic histogram. Micrometer's Timer would put a shared, synchronised meter on the packet path
 * of every loop; each loop keeps its own single-writer counts instead, and this only reads them at a scrape.
 */
final class ForwardingDelayCollector implements Collector {
    static final String NAME = "parley_media_forwarding_delay_seconds";
    private static final double[] BOUNDS = withInfinity(ForwardingDelay.upperBoundsSeconds());

    private final List<ForwardingDelay> loops;

    /** @param loops the histogram of loop 0, 1, … in order */
    ForwardingDelayCollector(List<ForwardingDelay> loops) {
        this.loops = List.copyOf(loops);
    }

    private static double[] withInfinity(double[] bounds) {
        double[] b = Arrays.copyOf(bounds, bounds.length + 1);
        b[bounds.length] = Double.POSITIVE_INFINITY;
        return b;
    }

    @Override
    public MetricSnapshot collect() {
        HistogramSnapshot.Builder h = HistogramSnapshot.builder().name(NAME)
                .help("from the read of a datagram to the send of each RTP packet it caused (a forwarded copy, a"
                        + " retransmission), per media loop; the wait in the socket's receive buffer is not in it");
        for (int i = 0; i < loops.size(); i++) {
            ForwardingDelay.Snapshot s = loops.get(i).snapshot();
            h.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(Labels.of("loop", Integer.toString(i)))
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, s.counts()))
                    .sum(s.sumSeconds())
                    .build());
        }
        return h.build();
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }
}
