package dev.parley.load;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus classic histogram read from a {@code /metrics} scrape and summed over its label sets (the
 * media loops): the delay the server itself says it added ({@code parley_media_forwarding_delay_seconds}),
 * measured inside the server, so the tool's own receive path is not in it.
 *
 * @param upperBounds the buckets' upper bounds in seconds, ascending, the last infinite
 * @param cumulative observations at or below each bound
 */
record ServerDelay(double[] upperBounds, long[] cumulative) {
    static final String METRIC = "parley_media_forwarding_delay_seconds";

    /** The histogram {@code name} in {@code scrape}, or empty when the scrape has none. */
    static Optional<ServerDelay> parse(String scrape, String name) {
        Pattern bucket = Pattern.compile("(?m)^" + Pattern.quote(name) + "_bucket\\{([^}]*)\\} (\\S+)$");
        Pattern le = Pattern.compile("le=\"([^\"]+)\"");
        Map<Double, Long> byBound = new TreeMap<>();
        Matcher m = bucket.matcher(scrape);
        while (m.find()) {
            Matcher l = le.matcher(m.group(1));
            if (!l.find()) {
                continue;
            }
            double bound = l.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(l.group(1));
            byBound.merge(bound, (long) Double.parseDouble(m.group(2)), Long::sum);
        }
        if (byBound.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServerDelay(byBound.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                byBound.values().stream().mapToLong(Long::longValue).toArray()));
    }

    /** What was observed after {@code earlier} (the same server's scrape, taken before this one). */
    ServerDelay since(ServerDelay earlier) {
        if (!Arrays.equals(upperBounds, earlier.upperBounds)) {
            throw new IllegalArgumentException("two scrapes with different buckets");
        }
        long[] d = new long[cumulative.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = cumulative[i] - earlier.cumulative[i];
        }
        return new ServerDelay(upperBounds, d);
    }

    long count() {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    /**
     * The {@code q} quantile in microseconds, interpolated linearly inside its bucket as Prometheus'
     * {@code histogram_quantile} does (in the open last bucket: its lower bound); -1 with no observation.
     */
    long quantileMicros(double q) {
        long n = count();
        if (n == 0) {
            return -1;
        }
        double rank = q * n;
        int i = 0;
        while (cumulative[i] < rank) {
            i++;
        }
        double lower = i == 0 ? 0 : upperBounds[i - 1];
        if (Double.isInfinite(upperBounds[i])) {
            return Math.round(lower * 1e6);
        }
        long below = i == 0 ? 0 : cumulative[i - 1];
        long in = cumulative[i] - below;
        double at = in == 0 ? upperBounds[i] : lower + (upperBounds[i] - lower) * (rank - below) / in;
        return Math.round(at * 1e6);
    }
}
