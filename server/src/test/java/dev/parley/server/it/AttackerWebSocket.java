package dev.parley.server.it;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written by hand on a plain {@link Socket}, for attacks the JDK's client would not
 * make: any source address on 127.0.0.0/8, a tiny receive buffer, frames written in bulk and never read.
 * RFC 6455: the opening handshake of §4.1, client frames masked (§5.3).
 */
final class AttackerWebSocket implements Closeable {
    final Socket socket;
    final OutputStream out;
    final InputStream in;
    private int lastOpcode;
    private volatile int closeCode = -1;

    private AttackerWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /**
     * Connects from {@code source} to the server on 127.0.0.1 and upgrades {@code /ws}.
     *
     * @param receiveBuffer SO_RCVBUF to ask for (0 = the system's), set before connecting so it shapes the window
     */
    static AttackerWebSocket open(InetAddress source, int httpPort, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        try {
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 5000);
            s.setSoTimeout(10_000);
            AttackerWebSocket ws = new AttackerWebSocket(s);
            ws.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + httpPort + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ws.out.flush();
            String head = ws.readHead();
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("no upgrade: " + head.lines().findFirst().orElse(head));
            }
            s.setSoTimeout(0);
            return ws;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake after: " + head);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** A masked text frame (FIN, opcode 1) carrying {@code payload}: RFC 6455 §5.2. */
    static byte[] textFrame(byte[] payload) {
        int n = payload.length;
        int lengthBytes = n < 126 ? 0 : n < 65536 ? 2 : 8;
        byte[] f = new byte[2 + lengthBytes + 4 + n];
        f[0] = (byte) 0x81;
        int i = 2;
        if (lengthBytes == 0) {
            f[1] = (byte) (0x80 | n);
        } else if (lengthBytes == 2) {
            f[1] = (byte) (0x80 | 126);
            f[i++] = (byte) (n >> 8);
            f[i++] = (byte) n;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int k = 7; k >= 0; k--) {
                f[i++] = (byte) ((long) n >> (8 * k));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, f, i, 4);
        i += 4;
        for (int k = 0; k < n; k++) {
            f[i + k] = (byte) (payload[k] ^ mask[k & 3]);
        }
        return f;
    }

    static byte[] textFrame(String text) {
        return textFrame(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the next server frame (unmasked, §5.1) and returns its payload, or null when the server closed
     * the connection or sent a close frame.
     */
    byte[] readFrame() throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            return null;
        }
        lastOpcode = b0 & 0x0F;
        long n = b1 & 0x7F;
        if (n == 126) {
            n = (in.read() << 8) | in.read();
        } else if (n == 127) {
            n = 0;
            for (int k = 0; k < 8; k++) {
                n = (n << 8) | in.read();
            }
        }
        byte[] payload = in.readNBytes((int) n);
        if (payload.length < n) {
            return null;
        }
        if (lastOpcode == 8) {
            closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
            return null;
        }
        return payload;
    }

    /** The status code of the server's close frame (RFC 6455 §7.4), or -1 if none was read. */
    int closeCode() {
        return closeCode;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
