package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The TCP media port of the real jar holds what docs/SECURITY.md says and no more: a connection per address
 * beyond {@code limits.iceTcpConnectionsPerIp} is closed at once, one that sends no valid ICE check within
 * {@code limits.iceTcpCheckTimeoutSeconds} is closed, and one whose first frame is not STUN is closed.
 */
class IceTcpLimitsIT {
    private static final Pattern TCP = Pattern.compile("media port listening on tcp /127\\.0\\.0\\.1:(\\d+)");
    private ServerProcess server;
    private int tcpPort;

    private void start(String limits) throws Exception {
        server = ServerProcess.with().yaml("limits:\n" + limits).start();
        Matcher m = TCP.matcher(server.log());
        assertThat(m.find()).as("the TCP media port in the log:\n%s", server.log()).isTrue();
        tcpPort = Integer.parseInt(m.group(1));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** @param readTimeoutMs how long a read waits: a connection still open then is not "closed by server" */
    private Socket connect(int readTimeoutMs) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort), 5000);
        s.setSoTimeout(readTimeoutMs);
        return s;
    }

    private int openOnServer() {
        Matcher m = Pattern.compile("\"iceTcpConnections\":(\\d+)").matcher(server.health());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** True when the server closed the connection (EOF or reset) before the read timeout. */
    private static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    @Test
    void aConnectionBeyondThePerAddressCapIsClosedAtOnce() throws Exception {
        start("  iceTcpConnectionsPerIp: 3\n  iceTcpCheckTimeoutSeconds: 60\n");
        List<Socket> first = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                first.add(connect(2000));
            }
            Poll.until("the server holds the three connections", java.time.Duration.ofSeconds(10),
                    () -> openOnServer() == 3, server::health);
            try (Socket extra = connect(20_000)) {
                assertThat(closedByServer(extra)).as("the 4th connection from one address").isTrue();
            }
            assertThat(openOnServer()).isEqualTo(3);
            for (Socket s : first) {
                assertThat(closedByServer(s)).as("admitted connections stay open until their deadline").isFalse();
            }
        } finally {
            for (Socket s : first) {
                s.close();
            }
        }
        Poll.until("every connection released", java.time.Duration.ofSeconds(10), () -> openOnServer() == 0,
                server::health);
    }

    @Test
    void aConnectionWithoutAValidIceCheckIsClosedAtTheDeadline() throws Exception {
        start("  iceTcpCheckTimeoutSeconds: 1\n");
        try (Socket s = connect(20_000)) {
            assertThat(closedByServer(s)).isTrue();
        }
        Poll.until("the connection released", java.time.Duration.ofSeconds(10), () -> openOnServer() == 0,
                server::health);
    }

    @Test
    void aFirstFrameThatIsNotStunIsClosed() throws Exception {
        start("  iceTcpCheckTimeoutSeconds: 60\n");
        try (Socket s = connect(20_000)) {
            byte[] rtp = new byte[42];
            rtp[1] = 40;
            rtp[2] = (byte) 0x80;
            s.getOutputStream().write(rtp);
            assertThat(closedByServer(s)).isTrue();
        }
    }
}
