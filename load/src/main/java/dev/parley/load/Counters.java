package dev.parley.load;

import dev.parley.client.LatencyHistogram;

/** What the subscribers of one target received in one measurement window. */
record Counters(long packets, long lost, LatencyHistogram latency) {
}
