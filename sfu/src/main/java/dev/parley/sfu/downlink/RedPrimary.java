package dev.parley.sfu.downlink;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.codec.RedPayload;

/**
 * RFC 2198 for one audio subscription: RED packets go whole where the subscriber's answer kept RED, and
 * elsewhere are cut to their primary block, sent as plain Opus. The subscription's media loop, but for
 * {@link #kept(boolean)}, which the SFU thread calls when an answer arrives; allocates nothing per packet.
 */
final class RedPrimary {
    private final int redPayloadType;
    private final int primaryPayloadType;
    private final RedPayload view;
    /** Set on the SFU thread (the answer), read on the subscription's loop: volatile. */
    private volatile boolean kept;

    /** @param redPayloadType the downlink's RED payload type, or -1 when the track has no RED */
    RedPrimary(int redPayloadType, int primaryPayloadType) {
        this.redPayloadType = redPayloadType;
        this.primaryPayloadType = primaryPayloadType;
        this.view = redPayloadType >= 0 ? new RedPayload() : null;
    }

    /** The answer kept (or dropped) our RED format. */
    void kept(boolean kept) {
        this.kept = kept && redPayloadType >= 0;
    }

    boolean kept() {
        return kept;
    }

    /** Whether this normalised packet must be cut to its primary for this subscriber. */
    boolean cuts(byte[] packet) {
        return redPayloadType >= 0 && !kept && (packet[1] & 0x7F) == redPayloadType;
    }

    /**
     * RFC 2198 §3: finds the primary (the last block; its timestamp is the header's). The publication
     * checked the packet, so this cannot fail, but it is not trusted.
     *
     * @return false when there is no primary to send
     */
    boolean locate(byte[] packet, int payloadOffset, int payloadLength) {
        try {
            view.wrap(packet, payloadOffset, payloadLength);
        } catch (MalformedPacketException e) {
            return false;
        }
        return view.primaryLength() > 0;
    }

    int primaryOffset() {
        return view.primaryOffset();
    }

    int primaryLength() {
        return view.primaryLength();
    }

    /** The payload type a cut packet goes with: the primary's, Opus on the downlink. */
    int primaryPayloadType() {
        return primaryPayloadType;
    }
}
