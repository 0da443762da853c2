package dev.parley.client;

import dev.parley.client.media.DownlinkAnswer;
import dev.parley.client.media.MediaPeer;
import dev.parley.client.media.MediaReceiver;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.sdp.Direction;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.Msid;
import dev.parley.media.sdp.SdpParseException;
import dev.parley.media.sdp.SessionDescription;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The subscribe side of a client: its one downlink media connection, renegotiated by each
 * {@code subscribe}/{@code unsubscribe} (docs/PROTOCOL.md; one at a time, the caller serializes), and the
 * map from the SSRCs of the server's offer to the remote streams they carry ({@code a=msid}).
 */
final class Downlink implements MediaReceiver, AutoCloseable {
    private record Track(RemoteStream stream, int index) {
    }

    private final MediaPeer peer;
    private final ClientListener listener;
    private volatile Map<Long, Track> tracks = Map.of(); // replaced whole on each offer
    private boolean connected;                            // caller's thread (serialized)

    Downlink(String userId, DtlsCertificate certificate, java.util.concurrent.Executor dtlsExecutor,
            ClientListener listener, int decryptEvery) {
        this.peer = new MediaPeer(userId + "-down", certificate, dtlsExecutor);
        this.listener = listener;
        peer.decryptEvery(decryptEvery);
        peer.setReceiver(this);
    }

    /**
     * Answers the server's offer, maps its SSRCs to streams, connects the first time.
     *
     * @param streams the remote streams by id, for the offer's {@code a=msid}
     */
    void negotiate(SignalChannel signal, String offer, Function<String, RemoteStream> streams)
            throws ParleyException {
        SessionDescription sd;
        try {
            sd = SessionDescription.parse(offer);
        } catch (SdpParseException e) {
            throw new ParleyException(ParleyException.INVALID_PARAMETER, "INVALID_PARAMETER",
                    "the server's downlink offer does not parse: " + e.getMessage(), e);
        }
        Map<Long, Track> next = new HashMap<>();
        for (MediaDescription m : sd.media()) {
            if (sd.resolvedDirection(m) == Direction.INACTIVE || m.msids().isEmpty() || m.ssrcIds().isEmpty()) {
                continue;
            }
            Msid msid = m.msids().get(0);
            RemoteStream stream = streams.apply(msid.streamId());
            if (stream != null) {
                next.put(m.ssrcIds().get(0), new Track(stream, m.kind() == MediaKind.AUDIO ? 0 : 1));
            }
        }
        tracks = Map.copyOf(next);
        signal.request("downlink-answer", Map.of("answer",
                DownlinkAnswer.create(offer, peer.localIce(), peer.certificate().fingerprint())));
        if (!connected) {
            try {
                peer.connect(offer);
            } catch (IOException e) {
                throw new ParleyException(ParleyException.ICE_TRANSPORT_ERROR, "ICE_TRANSPORT_ERROR",
                        "the downlink did not connect: " + e.getMessage(), e);
            }
            connected = true;
        }
    }

    @Override
    public void onRtp(byte[] buf, int len, boolean decrypted) {
        long ssrc = ((buf[8] & 0xFFL) << 24) | ((buf[9] & 0xFFL) << 16) | ((buf[10] & 0xFFL) << 8) | (buf[11] & 0xFFL);
        Track t = tracks.get(ssrc);
        if (t == null) {
            return; // RTX, probes, or a track whose section went inactive
        }
        int payloadOffset = payloadOffset(buf, len);
        int payloadLength = payloadOffset < 0 ? 0 : len - payloadOffset - padding(buf, len);
        long now = SyntheticSource.nowMicros();
        t.stream().counters.onPacket(t.index(), buf, len, Math.max(0, payloadOffset), Math.max(0, payloadLength),
                decrypted && payloadOffset >= 0 && payloadLength > 0, now);
        if (decrypted && payloadOffset >= 0) {
            listener.onRemoteMedia(t.stream(), t.index() == 0, buf, len, payloadOffset, payloadLength);
        }
    }

    /** RFC 3550 §5.1 fixed header, CSRCs and the §5.3.1 extension; -1 if the packet is shorter. */
    private static int payloadOffset(byte[] buf, int len) {
        int off = 12 + 4 * (buf[0] & 0x0F);
        if ((buf[0] & 0x10) != 0) {
            if (off + 4 > len) {
                return -1;
            }
            off += 4 + 4 * (((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF));
        }
        return off <= len ? off : -1;
    }

    private static int padding(byte[] buf, int len) {
        return (buf[0] & 0x20) != 0 ? buf[len - 1] & 0xFF : 0;
    }

    int srtpFailures() {
        return peer.srtpFailures();
    }

    @Override
    public void close() {
        peer.close();
    }
}
