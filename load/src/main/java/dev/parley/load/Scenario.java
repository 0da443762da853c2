package dev.parley.load;

import dev.parley.client.SyntheticSource;

/**
 * What a run does: {@code rooms} rooms, each with {@code publishers} publishers of the same synthetic
 * camera stream and a growing number of subscribers that each receive every publisher of their room.
 *
 * @param cpus the CPUs the system under test is pinned to ({@code taskset -c}), empty for none
 * @param decryptEvery a subscriber decrypts one packet in this many (the rest are counted from headers)
 */
record Scenario(int rooms, int publishers, SyntheticSource.Options media, String cpus, int decryptEvery) {
    /** Packets per second one publisher sends. */
    int publisherPps() {
        return (media.video() ? media.videoPacketsPerSecond() : 0) + (media.audio() ? media.audioPacketsPerSecond() : 0);
    }
}
