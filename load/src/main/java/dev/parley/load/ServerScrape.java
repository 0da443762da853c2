package dev.parley.load;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the load tool reads from a Parley server's {@code /metrics} around a window: the delay histogram the
 * server keeps ({@link ServerDelay}) and the datagrams it lost itself — dropped by the kernel because its
 * receive buffers were full, or between its media loops — so that a step's loss can be told apart from
 * the tool's own.
 *
 * @param delay the forwarding delay histogram, empty when the server keeps none
 * @param droppedDatagrams receive-buffer and hand-off drops, since the server started
 */
record ServerScrape(Optional<ServerDelay> delay, long droppedDatagrams) {
    private static final Pattern DROPS = Pattern.compile(
            "(?m)^(?:parley_media_dropped_datagrams_total\\{reason=\"receive_buffer_full\"\\}"
                    + "|parley_media_handoff_dropped_datagrams_total) (\\S+)$");

    static ServerScrape parse(String scrape) {
        long drops = 0;
        Matcher m = DROPS.matcher(scrape);
        while (m.find()) {
            drops += (long) Double.parseDouble(m.group(1));
        }
        return new ServerScrape(ServerDelay.parse(scrape, ServerDelay.METRIC), drops);
    }

    /** What happened between {@code earlier} and this scrape of the same server. */
    ServerScrape since(ServerScrape earlier) {
        Optional<ServerDelay> d = delay.flatMap(now -> earlier.delay.map(now::since));
        return new ServerScrape(d, droppedDatagrams - earlier.droppedDatagrams);
    }
}
