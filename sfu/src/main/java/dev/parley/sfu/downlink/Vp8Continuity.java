package dev.parley.sfu.downlink;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.codec.Vp8PayloadDescriptor;

/**
 * Keeps one subscriber's VP8 PictureID and TL0PICIDX (RFC 7741 §4.2) continuous when its subscription
 * moves between simulcast layers, which number their pictures independently: after a switch the new
 * layer's keyframe gets the PictureID after the last one sent, and TL0PICIDX the index after the last,
 * so the receiver's reference tracking sees one stream. On a single layer the offsets stay 0 and the
 * fields pass unchanged. Rewrites in place through a reused view: no allocation. SFU thread only.
 */
final class Vp8Continuity {
    private final Vp8PayloadDescriptor view = new Vp8PayloadDescriptor();
    private int pictureIdOffset;
    private int tl0PicIdxOffset;
    private int lastPictureId = -1;
    private int lastTl0PicIdx = -1;
    private int rewrittenPictureId = -1; // what the last rewrite wrote, -1 for none
    private int rewrittenTl0PicIdx = -1;

    /**
     * The first packet of the new layer (its keyframe's) is in {@code payload}: the offsets are set so that it
     * continues from the last values sent. Nothing changes before anything was sent.
     */
    void onSwitch(byte[] payload, int off, int len) {
        if (lastPictureId < 0 || !wrap(payload, off, len)) {
            return;
        }
        if (view.hasPictureId()) {
            pictureIdOffset = lastPictureId + 1 - view.pictureId();
        }
        if (view.hasTl0PicIdx() && lastTl0PicIdx >= 0) {
            tl0PicIdxOffset = lastTl0PicIdx + 1 - view.tl0PicIdx();
        }
    }

    /** Rewrites the descriptor at {@code payload[off..off+len)} (a malformed one is left as it came). */
    void rewrite(byte[] payload, int off, int len) {
        rewrittenPictureId = -1;
        rewrittenTl0PicIdx = -1;
        if (!wrap(payload, off, len)) {
            return; // forwarded as it came: the decoder judges it
        }
        if (view.hasPictureId()) {
            int mask = view.hasLongPictureId() ? 0x7FFF : 0x7F;
            int pictureId = (view.pictureId() + pictureIdOffset) & mask;
            view.setPictureId(pictureId);
            rewrittenPictureId = pictureId;
        }
        if (view.hasTl0PicIdx()) {
            int tl0 = (view.tl0PicIdx() + tl0PicIdxOffset) & 0xFF;
            view.setTl0PicIdx(tl0);
            rewrittenTl0PicIdx = tl0;
        }
    }

    /**
     * The packet last rewritten was the newest sent (not a late or resent one): its values are what the next
     * switch continues from.
     */
    void commitNewest() {
        if (rewrittenPictureId >= 0) {
            lastPictureId = rewrittenPictureId;
        }
        if (rewrittenTl0PicIdx >= 0) {
            lastTl0PicIdx = rewrittenTl0PicIdx;
        }
    }

    private boolean wrap(byte[] payload, int off, int len) {
        try {
            view.wrap(payload, off, len);
            return true;
        } catch (MalformedPacketException e) {
            return false;
        }
    }
}
