package dev.parley.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtcp.TransportLayerCc;
import dev.parley.media.rtcp.TransportLayerCcBuilder;

/**
 * The estimator under arbitrary sends and feedback: random TWCC feedback bytes (parsed with
 * {@link TransportLayerCc#parse}; rejected ones skipped), well-formed feedback with random arrival
 * times for packets actually sent, random sends (sizes, sequence jumps, probe clusters, time steps
 * forwards and back) and RTT inputs. Nothing may throw, the estimate stays in [min, max], the loss
 * fraction in [0, 1] and the acked bitrate non-negative.
 *
 * <p>Corpus: {@code src/test/resources/dev/parley/media/cc/SendSideBandwidthEstimatorFuzzTestInputs/feedbackAndSends/}.
 * Longer runs: {@code JAZZER_FUZZ=1 mvn -pl media test -Dtest=SendSideBandwidthEstimatorFuzzTest}.
 */
class SendSideBandwidthEstimatorFuzzTest {
    private static final long MIN = 50_000;
    private static final long MAX = 5_000_000;

    @FuzzTest
    void feedbackAndSends(FuzzedDataProvider data) {
        SendSideBandwidthEstimator bwe = new SendSideBandwidthEstimator(MIN, MAX, data.consumeLong(0, 2 * MAX));
        int seq = data.consumeInt(0, 0xFFFF);
        long now = data.consumeLong(-1_000_000_000L, 1_000_000_000L);
        int fbCount = 0;
        for (int step = 0; step < 200 && data.remainingBytes() > 0; step++) {
            switch (data.consumeInt(0, 4)) {
                case 0 -> {
                    int n = data.consumeInt(1, 100);
                    int cluster = data.consumeInt(-1, 3);
                    for (int i = 0; i < n; i++) {
                        now += data.consumeInt(0, 20_000);
                        bwe.onPacketSent(seq, data.consumeInt(0, 1500), now, cluster);
                        seq = (seq + 1) & 0xFFFF;
                    }
                }
                case 1 -> {
                    byte[] fci = data.consumeBytes(data.consumeInt(8, 256));
                    TransportLayerCc fb = parseWithHeader(fci);
                    now += data.consumeInt(-50_000, 500_000);
                    if (fb != null) {
                        bwe.onFeedback(fb, now);
                    }
                }
                case 2 -> {
                    int back = data.consumeInt(1, 300);
                    TransportLayerCcBuilder b = TransportLayerCc.builder(1, 2, fbCount++);
                    long arrival = data.consumeLong(0, 1L << 40);
                    for (int i = 0; i < back; i++) {
                        arrival += data.consumeInt(-2_000, 30_000);
                        b.add((seq - back + i) & 0xFFFF, data.consumeInt(0, 9) == 0 ? TransportLayerCc.NOT_RECEIVED : arrival);
                    }
                    now += data.consumeInt(0, 200_000);
                    bwe.onFeedback(b.build(), now);
                }
                case 3 -> bwe.onRtt(data.consumeLong());
                default -> seq = data.consumeInt(0, 0xFFFF); // a jump in the sender's numbering
            }
            assertThat(bwe.estimateBps()).isBetween(MIN, MAX);
            assertThat(bwe.lossFraction()).isBetween(0.0, 1.0);
            assertThat(bwe.ackedBitrateBps()).isNotNegative();
        }
    }

    /** Wraps fuzz bytes as the FCI of a TWCC packet, padded to 32 bits, so that many of them parse. */
    private static TransportLayerCc parseWithHeader(byte[] fci) {
        int length = 12 + ((fci.length + 3) & ~3);
        byte[] packet = new byte[length];
        packet[0] = (byte) (0x80 | TransportLayerCc.FMT);
        packet[1] = (byte) 205;
        packet[2] = (byte) ((length / 4 - 1) >> 8);
        packet[3] = (byte) (length / 4 - 1);
        packet[7] = 1;
        packet[11] = 2;
        System.arraycopy(fci, 0, packet, 12, fci.length);
        try {
            return TransportLayerCc.parse(packet, 0, packet.length);
        } catch (MalformedPacketException rejected) {
            return null;
        }
    }
}
