package dev.parley.load;

import dev.parley.client.media.MediaPeer;
import dev.parley.client.media.MediaReceiver;
import dev.parley.client.media.PayloadStamp;

/**
 * A Janus subscriber's downlink: every RTP packet counted by SSRC from its clear header (loss from
 * sequence numbers), the decrypted sample's {@link PayloadStamp} read for latency.
 */
final class JanusSubscriber implements MediaReceiver {
    private final RelayReceiver counts = new RelayReceiver();

    JanusSubscriber(MediaPeer peer, int decryptEvery) {
        peer.decryptEvery(decryptEvery);
        peer.setReceiver(this);
    }

    RelayReceiver counts() {
        return counts;
    }

    @Override
    public void onRtp(byte[] buf, int len, boolean decrypted) {
        long sent = -1;
        if (decrypted) {
            int off = 12 + 4 * (buf[0] & 0x0F);
            if ((buf[0] & 0x10) != 0 && off + 4 <= len) {
                off += 4 + 4 * (((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF));
            }
            int plen = len - off - ((buf[0] & 0x20) != 0 ? buf[len - 1] & 0xFF : 0);
            if (off < len && PayloadStamp.isStamped(buf, off, plen)) {
                sent = PayloadStamp.sendMicros(buf, off, plen);
            }
        }
        counts.onPacket(buf, sent, RelayReceiver.nowMicros());
    }
}
