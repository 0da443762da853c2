package dev.parley.sfu.downlink;

import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.MediaKind;
import dev.parley.sfu.ForwardedCodec;

/** One m-section of a downlink offer: the subscription it carries now, if any, and what it was offered with. */
final class DownlinkSection {
    final String mid;
    final MediaKind kind;
    /** Null while the section is inactive. */
    Subscription subscription;
    /** The last codec, kept for the inactive section's format list. */
    ForwardedCodec codec;
    Codec publisherCodec;

    DownlinkSection(String mid, MediaKind kind) {
        this.mid = mid;
        this.kind = kind;
    }
}
