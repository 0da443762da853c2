package dev.parley.load;

import dev.parley.client.LatencyHistogram;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Counts what one subscriber of the relay or of Janus receives: packets, loss per SSRC from sequence numbers, latency. */
final class RelayReceiver {
    private final Map<Long, long[]> sequences = new HashMap<>(); // ssrc → {base, highest, received}
    private final LatencyHistogram latency = new LatencyHistogram();
    private long packets;

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** A relay datagram: RTP-like header, then the sender's clock in µs (in clear). */
    void onDatagram(byte[] a, long now) {
        long sent = 0;
        for (int i = 0; i < 8; i++) {
            sent = (sent << 8) | (a[12 + i] & 0xFF);
        }
        onPacket(a, sent, now);
    }

    /** One packet: RTP header at {@code a[0..12)}; {@code sentMicros} negative when unknown. */
    synchronized void onPacket(byte[] a, long sentMicros, long now) {
        packets++;
        long ssrc = ((a[8] & 0xFFL) << 24) | ((a[9] & 0xFFL) << 16) | ((a[10] & 0xFFL) << 8) | (a[11] & 0xFFL);
        int seq = ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
        long[] s = sequences.get(ssrc);
        if (s == null) {
            sequences.put(ssrc, new long[] {seq, seq, 1});
        } else {
            long ext = (s[1] & ~0xFFFFL) | seq; // RFC 3550 A.1: the extended value nearest the highest
            if (ext - s[1] > 0x8000) {
                ext -= 0x10000;
            } else if (s[1] - ext > 0x8000) {
                ext += 0x10000;
            }
            s[1] = Math.max(s[1], ext);
            s[2]++;
        }
        if (sentMicros >= 0) {
            latency.record(now - sentMicros);
        }
    }

    synchronized void reset() {
        packets = 0;
        latency.clear();
        for (long[] s : sequences.values()) {
            s[0] = s[1] + 1;
            s[2] = 0;
        }
    }

    synchronized long packets() {
        return packets;
    }

    synchronized long lost() {
        long lost = 0;
        for (long[] s : sequences.values()) {
            lost += Math.max(0, s[1] - s[0] + 1 - s[2]);
        }
        return lost;
    }

    synchronized void addLatenciesTo(LatencyHistogram into) {
        into.add(latency);
    }
}
