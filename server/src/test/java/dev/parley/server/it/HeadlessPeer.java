package dev.parley.server.it;

import dev.parley.client.media.MediaPeer;
import dev.parley.client.media.MediaReceiver;
import dev.parley.media.dtls.DtlsCertificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The headless client's {@link MediaPeer} with what tests ask of it: received packets queued until a test
 * takes them, and a simulated loss of one chosen packet.
 */
final class HeadlessPeer extends MediaPeer {
    final DtlsCertificate certificate;
    private final LinkedBlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    private volatile Loss loss;

    /** A simulated network loss: the {@code skip}+1-th RTP packet of {@code ssrc} from now is dropped. */
    private static final class Loss {
        final long ssrc;
        int skip;
        final CompletableFuture<Integer> droppedSeq = new CompletableFuture<>();

        Loss(long ssrc, int skip) {
            this.ssrc = ssrc;
            this.skip = skip;
        }
    }

    HeadlessPeer(String name, DtlsCertificate certificate, Executor dtlsExecutor) {
        super(name, certificate, dtlsExecutor);
        this.certificate = certificate;
        setReceiver(new MediaReceiver() {
            @Override
            public void onRtp(byte[] buf, int len, boolean decrypted) {
                rtp.add(Arrays.copyOf(buf, len));
            }

            @Override
            public void onRtcp(byte[] buf, int len) {
                rtcp.add(Arrays.copyOf(buf, len));
            }
        });
    }

    /** The next decrypted RTP packet, waiting up to {@code within}. */
    byte[] awaitRtp(Duration within) throws Exception {
        return await(rtp, within, "RTP");
    }

    byte[] awaitRtcp(Duration within) throws Exception {
        return await(rtcp, within, "RTCP");
    }

    /** Whatever RTP arrived so far, without waiting. */
    byte[] pollRtp() {
        return rtp.poll();
    }

    /** The next RTCP compound that arrived, without waiting; null when none is queued. */
    byte[] pollRtcp() {
        return rtcp.poll();
    }

    /**
     * Drops one incoming RTP packet of {@code ssrc} before SRTP sees it, as a lossy network would: the
     * {@code skip}+1-th from now. Completes with its sequence number (SRTP leaves the header in clear).
     */
    CompletableFuture<Integer> loseRtp(long ssrc, int skip) {
        Loss l = new Loss(ssrc, skip);
        loss = l;
        return l.droppedSeq;
    }

    @Override
    protected boolean dropBeforeSrtp(byte[] buf, int len) {
        Loss l = loss;
        int pt = buf[1] & 0xFF;
        if (l != null && (pt < 192 || pt > 223)
                && (((buf[8] & 0xFFL) << 24) | ((buf[9] & 0xFF) << 16) | ((buf[10] & 0xFF) << 8) | (buf[11] & 0xFF))
                == l.ssrc && l.skip-- == 0) {
            loss = null;
            l.droppedSeq.complete(((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF));
            return true;
        }
        return false;
    }

    private static byte[] await(LinkedBlockingQueue<byte[]> queue, Duration within, String what) throws Exception {
        byte[] p = queue.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (p == null) {
            throw new TimeoutException("no " + what + " within " + within);
        }
        return p;
    }
}
