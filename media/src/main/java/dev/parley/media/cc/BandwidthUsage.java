package dev.parley.media.cc;

/**
 * What the delay-based over-use detector concludes about a path (draft-ietf-rmcat-gcc-02 §5.4): the
 * queuing delay is growing (over-use), shrinking (under-use: a queue is draining) or flat (normal).
 */
public enum BandwidthUsage {
    NORMAL,
    OVERUSING,
    UNDERUSING
}
