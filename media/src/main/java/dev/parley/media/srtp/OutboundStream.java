package dev.parley.media.srtp;

/** What a sender remembers per SSRC: the highest SRTP index, or the last SRTCP index, it protected. */
final class OutboundStream {
    long highestIndex;

    OutboundStream(long highestIndex) {
        this.highestIndex = highestIndex;
    }
}
