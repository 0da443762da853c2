package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.srtp.SrtpException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Rollover counter estimation (RFC 3711 §3.3.1) and replay protection (RFC 3711 §3.3.2). */
class ReplayProtectionTest {
    private static final int SSRC = 0x0BADCAFE;

    /**
     * 100,000 packets across a sequence number wrap, delivered reordered within half a window, with
     * duplicates, losses, and stale packets held back beyond the window. A plain model (a set of
     * accepted indexes and the highest) says what must happen to each; the receiver must agree exactly.
     */
    @ParameterizedTest
    @CsvSource({"AES128_CM_HMAC_SHA1_80, 64", "AES128_CM_HMAC_SHA1_80, 1024",
            "AEAD_AES_128_GCM, 64", "AEAD_AES_128_GCM, 1024"})
    void acceptsEveryFreshPacketAndRejectsEveryReplayAndEveryTooOldOne(SrtpProfile profile, int window) {
        Random random = new Random(window * 31L + profile.ordinal());
        int count = 100_000;
        int firstSeq = 65_536 - 20_000; // wraps to ROC 1 after 20,000 packets
        SrtpKeys keys = SrtpRoundTripTest.keysFor(profile, 21);
        byte[][] sealed = protectInOrder(keys.newSender(), profile, firstSeq, count);
        SrtpReceiver receiver = SrtpRoundTripTest.loopbackReceiver(keys, window);

        Set<Long> accepted = new HashSet<>();
        long highest = -1;
        int[] outcomes = new int[3];
        for (int n : deliveryOrder(random, count, window)) {
            long index = firstSeq + (long) n;
            Reason expected = highest >= 0 && highest - index >= window ? Reason.TOO_OLD
                    : accepted.contains(index) ? Reason.REPLAYED : null;
            byte[] buf = sealed[n].clone();
            Reason actual = null;
            try {
                receiver.unprotectRtp(buf, 0, buf.length);
            } catch (SrtpException e) {
                actual = e.reason();
            }
            assertThat(actual).as("packet %d (index %d) with highest %d", n, index, highest).isEqualTo(expected);
            if (expected == null) {
                accepted.add(index);
                highest = Math.max(highest, index);
                outcomes[0]++;
            } else {
                outcomes[expected == Reason.REPLAYED ? 1 : 2]++;
            }
        }
        assertThat(outcomes[0]).as("accepted").isGreaterThan(count * 9 / 10);
        assertThat(outcomes[1]).as("replays rejected").isGreaterThan(count / 100);
        assertThat(outcomes[2]).as("too old rejected").isGreaterThan(count / 200);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rolloverCounterAdvancesAt65535AndLatePacketsFromBeforeTheWrapStillDecrypt(SrtpProfile profile)
            throws Exception {
        SrtpKeys keys = SrtpRoundTripTest.keysFor(profile, 22);
        SrtpSender sender = keys.newSender();
        SrtpReceiver receiver = SrtpRoundTripTest.loopbackReceiver(keys, 64);
        SessionKeys sessionKeys = SrtpKeyDerivation.forRtp(profile, keys.localKey(), keys.localSalt());

        // The sender wraps forward, then protects 65532, first seen after the wrap: it belongs to ROC 0.
        int[] sent = {65530, 65531, 65533, 65534, 65535, 0, 1, 65532, 2, 3};
        int[] roc = {0, 0, 0, 0, 0, 1, 1, 0, 1, 1};
        byte[][] wire = new byte[sent.length][];
        for (int i = 0; i < sent.length; i++) {
            byte[] plain = RtpPackets.build(sent[i], SSRC, 0, false, 30);
            byte[] buf = Arrays.copyOf(plain, plain.length + profile.rtpOverhead());
            wire[i] = Arrays.copyOf(buf, sender.protectRtp(buf, 0, plain.length));
            byte[] reference = profile == SrtpProfile.AEAD_AES_128_GCM
                    ? ReferenceSrtp.protectRtpGcm(sessionKeys, plain, 12, roc[i])
                    : ReferenceSrtp.protectRtpCm(sessionKeys, plain, 12, roc[i]);
            assertThat(wire[i]).as("seq %d protected with ROC %d", sent[i], roc[i]).isEqualTo(reference);
        }
        // The receiver gets them reordered across the wrap, both ways.
        for (int i : new int[] {0, 1, 5, 2, 3, 6, 4, 8, 7, 9}) {
            byte[] buf = wire[i].clone();
            int len = receiver.unprotectRtp(buf, 0, buf.length);
            assertThat(Arrays.copyOf(buf, len)).isEqualTo(RtpPackets.build(sent[i], SSRC, 0, false, 30));
        }
        for (byte[] replay : wire) {
            assertThatThrownBy(() -> receiver.unprotectRtp(replay.clone(), 0, replay.length))
                    .isInstanceOfSatisfying(SrtpException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.REPLAYED));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void sequenceNumberJumpsBelowHalfTheSpaceKeepSenderAndReceiverInStep(SrtpProfile profile)
            throws SrtpException {
        SrtpKeys keys = SrtpRoundTripTest.keysFor(profile, 23);
        SrtpSender sender = keys.newSender();
        SrtpReceiver receiver = SrtpRoundTripTest.loopbackReceiver(keys, 128);
        int seq = 1000;
        int[] jumps = {1, 30_000, 32_767, 5, 20_000, 32_000, 1, 25_000, 32_767, 32_767, 2};
        List<byte[]> behind = new ArrayList<>();
        for (int jump : jumps) {
            seq = (seq + jump) & 0xFFFF;
            assertThat(roundTrip(sender, receiver, profile, seq)).isTrue();
            behind.add(protect(sender, profile, (seq - 100) & 0xFFFF));
            behind.add(protect(sender, profile, (seq - 200) & 0xFFFF));
        }
        // Held back 100 packets: inside the window of 128. Held back 200: behind it.
        for (int i = behind.size() - 2; i < behind.size(); i++) {
            byte[] buf = behind.get(i).clone();
            if (i % 2 == 0) {
                assertThat(receiver.unprotectRtp(buf, 0, buf.length)).isPositive();
            } else {
                assertThatThrownBy(() -> receiver.unprotectRtp(buf, 0, buf.length))
                        .isInstanceOfSatisfying(SrtpException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_OLD));
            }
        }
    }

    @Test
    void aPacketBeforeTheFirstOfItsStreamIsTooOldAndCannotBeProtected() throws SrtpException {
        SrtpProfile profile = SrtpProfile.AES128_CM_HMAC_SHA1_80;
        SrtpKeys keys = SrtpRoundTripTest.keysFor(profile, 24);
        SrtpSender sender = keys.newSender();
        SrtpReceiver receiver = SrtpRoundTripTest.loopbackReceiver(keys, 64);
        byte[] early = protect(sender, profile, 65_000); // ROC 0, index 65000
        SrtpSender otherSender = keys.newSender();
        assertThat(roundTrip(otherSender, receiver, profile, 10)).isTrue(); // receiver starts at index 10

        // 65000 is 546 behind seq 10 in 16-bit arithmetic: ROC -1, an index that cannot exist.
        assertThatThrownBy(() -> receiver.unprotectRtp(early, 0, early.length))
                .isInstanceOfSatisfying(SrtpException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_OLD));
        assertThatThrownBy(() -> protect(otherSender, profile, 65_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("precedes");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpReplaysAndPacketsBehindTheWindowAreRejected(SrtpProfile profile) throws SrtpException {
        SrtpKeys keys = SrtpRoundTripTest.keysFor(profile, 25);
        SrtpSender sender = keys.newSender();
        SrtpReceiver receiver = SrtpRoundTripTest.loopbackReceiver(keys, 64);
        List<byte[]> sealed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] buf = Arrays.copyOf(RtpPackets.rtcp(SSRC, 32), 32 + profile.rtcpOverhead());
            sealed.add(Arrays.copyOf(buf, sender.protectRtcp(buf, 0, 32)));
        }
        for (int i = 0; i < 100; i++) {
            receiver.unprotectRtcp(sealed.get(i).clone(), 0, sealed.get(i).length);
        }
        receiver.unprotectRtcp(sealed.get(199).clone(), 0, sealed.get(199).length);

        assertThat(receiver.unprotectRtcp(sealed.get(150).clone(), 0, sealed.get(150).length)).isEqualTo(32);
        assertRtcpRejected(receiver, sealed.get(150), Reason.REPLAYED);
        assertRtcpRejected(receiver, sealed.get(199), Reason.REPLAYED);
        assertRtcpRejected(receiver, sealed.get(120), Reason.TOO_OLD);
    }

    private static void assertRtcpRejected(SrtpReceiver receiver, byte[] packet, Reason reason) {
        assertThatThrownBy(() -> receiver.unprotectRtcp(packet.clone(), 0, packet.length))
                .isInstanceOfSatisfying(SrtpException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static byte[][] protectInOrder(SrtpSender sender, SrtpProfile profile, int firstSeq, int count) {
        byte[][] sealed = new byte[count][];
        for (int n = 0; n < count; n++) {
            sealed[n] = protect(sender, profile, (firstSeq + n) & 0xFFFF);
        }
        return sealed;
    }

    /**
     * Packet numbers in network order: each displaced by up to half a window, 2% lost, 5% followed by a
     * duplicate of a recent packet, 1% followed by a stale one from 1 to 3 windows back.
     */
    private static List<Integer> deliveryOrder(Random random, int count, int window) {
        List<double[]> keyed = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            if (random.nextInt(100) >= 2) {
                keyed.add(new double[] {n + random.nextDouble() * (window / 2.0), n});
            }
        }
        keyed.sort(Comparator.comparingDouble(k -> k[0]));
        List<Integer> order = new ArrayList<>(count * 11 / 10);
        for (double[] k : keyed) {
            int n = (int) k[1];
            order.add(n);
            int roll = random.nextInt(100);
            if (roll < 5) {
                order.add(Math.max(0, n - random.nextInt(2 * window)));
            } else if (roll < 6) {
                order.add(Math.max(0, n - window - random.nextInt(2 * window)));
            }
        }
        return order;
    }

    private static byte[] protect(SrtpSender sender, SrtpProfile profile, int seq) {
        byte[] plain = RtpPackets.build(seq, SSRC, 0, false, 24);
        byte[] buf = Arrays.copyOf(plain, plain.length + profile.rtpOverhead());
        return Arrays.copyOf(buf, sender.protectRtp(buf, 0, plain.length));
    }

    private static boolean roundTrip(SrtpSender sender, SrtpReceiver receiver, SrtpProfile profile, int seq)
            throws SrtpException {
        byte[] plain = RtpPackets.build(seq, SSRC, 0, false, 24);
        byte[] buf = protect(sender, profile, seq);
        int len = receiver.unprotectRtp(buf, 0, buf.length);
        return Arrays.equals(Arrays.copyOf(buf, len), plain);
    }
}
