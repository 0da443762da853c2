package dev.parley.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The least a forwarding server must do, as its own process: one thread, one UDP socket; a datagram
 * {@code 'H', room} registers its sender as a destination in that room, {@code 'P', room} its sender as a
 * publisher there; any other datagram from a publisher is sent to every destination of its room, each
 * copy encrypted on its own as SRTP's AEAD_AES_128_GCM would (RFC 7714: a 12-byte IV,
 * the header authenticated, a 16-byte tag) with the JDK's AES-GCM, then one {@code sendto} per copy. The
 * first 20 bytes (a 12-byte RTP-like header and the sender's 8-byte clock) stay in clear, as SRTP leaves
 * the header. What Parley does beyond this (SRTP state, RTCP, rewriting, NACK buffers, pacing) is its
 * cost over this floor.
 */
public final class RelayFloor {
    static final int CLEAR = 20;
    private static final int TAG = 16;

    private RelayFloor() {
    }

    public static void main(String[] args) throws Exception {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            System.out.println("relay: udp " + ((InetSocketAddress) ch.getLocalAddress()).getPort());
            System.out.flush();
            run(ch);
        }
    }

    private static void run(DatagramChannel ch) throws IOException, GeneralSecurityException {
        SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] iv = new byte[12];
        long counter = 0;
        Map<Integer, List<SocketAddress>> rooms = new HashMap<>();
        Map<SocketAddress, List<SocketAddress>> publishers = new HashMap<>();
        byte[] in = new byte[2048];
        ByteBuffer inBuf = ByteBuffer.wrap(in);
        byte[] out = new byte[2048 + TAG];
        while (true) {
            inBuf.clear();
            SocketAddress from = ch.receive(inBuf);
            int len = inBuf.position();
            if (len == 0) {
                continue;
            }
            if (len == 2 && (in[0] == 'H' || in[0] == 'P')) {
                List<SocketAddress> room = rooms.computeIfAbsent(in[1] & 0xFF, r -> new ArrayList<>());
                if (in[0] == 'H') {
                    room.add(from);
                } else {
                    publishers.put(from, room);
                }
                continue;
            }
            List<SocketAddress> destinations = publishers.get(from);
            if (len <= CLEAR || destinations == null) {
                continue;
            }
            for (SocketAddress to : destinations) {
                System.arraycopy(in, 0, out, 0, CLEAR);
                counter++;
                for (int i = 0; i < 8; i++) {
                    iv[4 + i] = (byte) (counter >>> (56 - 8 * i)); // a fresh IV per packet (RFC 7714 §8.1)
                }
                gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, iv));
                gcm.updateAAD(out, 0, CLEAR);
                int n = gcm.doFinal(in, CLEAR, len - CLEAR, out, CLEAR);
                ch.send(ByteBuffer.wrap(out, 0, CLEAR + n), to);
            }
        }
    }
}
