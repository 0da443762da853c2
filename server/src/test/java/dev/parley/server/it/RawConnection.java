package dev.parley.server.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A TCP connection to the server's HTTP port that does exactly what a test says, byte by byte: what a
 * misbehaving client does (send nothing, trickle, never read), which no HTTP or WebSocket library will.
 */
class RawConnection implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    /** @param receiveBuffer the socket's receive buffer in bytes (small: the client reads little), or 0 */
    RawConnection(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connect, so the window is small from the start
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawConnection(int port) throws IOException {
        this(port, 0);
    }

    void send(String ascii) throws IOException {
        out.write(ascii.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads an HTTP response head (up to the blank line) and returns it. */
    String readHead() throws IOException {
        socket.setSoTimeout(10_000);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads exactly {@code n} bytes (within the socket's current read timeout). */
    byte[] readBytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IOException("closed after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    /**
     * Whether the server closes the connection within {@code within}, reading (and dropping) whatever it
     * still sends. A reset counts as closed.
     */
    boolean closedByServerWithin(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] sink = new byte[8192];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // connection reset
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
