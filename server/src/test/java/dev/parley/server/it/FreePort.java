package dev.parley.server.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A media port number for a server the test starts on a fixed port (behind the impairment relay): free for
 * UDP and for TCP alike, since the server's ICE-TCP port takes the UDP port's number by default. A UDP port
 * the kernel hands out may share its number with a TCP connection's ephemeral port; such a number is skipped.
 */
final class FreePort {
    private static final int ATTEMPTS = 50;

    private FreePort() {
    }

    /** Free for both now; the server binds it right after (the window is the usual probe's). */
    static int forUdpAndTcp() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < ATTEMPTS; i++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket()) {
                    tcp.bind(new InetSocketAddress(loopback, port));
                    return port;
                } catch (IOException taken) {
                    // its TCP twin is in use: try another
                }
            }
        }
        throw new IOException("no port number free for both UDP and TCP in " + ATTEMPTS + " attempts");
    }
}
