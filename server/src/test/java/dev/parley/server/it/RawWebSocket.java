package dev.parley.server.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A WebSocket (RFC 6455) spoken by hand over a {@link RawConnection}: it reads only when told to. */
final class RawWebSocket extends RawConnection {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A server frame: its opcode and payload. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return opcode == 0x8 && payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }
    }

    private RawWebSocket(int port, int receiveBuffer) throws IOException {
        super(port, receiveBuffer);
    }

    /** Connects and upgrades at /ws; the 101 response is read, nothing after it. */
    static RawWebSocket open(int port, int receiveBuffer) throws IOException {
        RawWebSocket ws = new RawWebSocket(port, receiveBuffer);
        ws.send("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        String head = ws.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head);
        }
        return ws;
    }

    /** A client frame (RFC 6455 §5.2), masked with a fixed key. */
    static byte[] frame(int opcode, boolean fin, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(payload.length + 14);
        b.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (payload.length < 126) {
            b.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            b.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            b.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        b.put(mask);
        for (int i = 0; i < payload.length; i++) {
            b.put((byte) (payload[i] ^ mask[i % 4]));
        }
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        out.write(frame(opcode, fin, payload));
        out.flush();
    }

    void sendText(String text) throws IOException {
        sendFrame(0x1, true, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendRequest(long id, String type, Object data) throws IOException {
        sendText(JSON.writeValueAsString(Map.of("v", 1, "id", id, "type", type, "data", data)));
    }

    Frame readFrame() throws IOException {
        byte[] h = readBytes(2);
        long len = h[1] & 0x7F;
        if (len == 126) {
            byte[] l = readBytes(2);
            len = ((l[0] & 0xFF) << 8) | (l[1] & 0xFF);
        } else if (len == 127) {
            len = ByteBuffer.wrap(readBytes(8)).getLong();
        }
        return new Frame(h[0] & 0x0F, readBytes((int) len));
    }

    /** Reads frames until the response with {@code id}; returns its text. */
    String awaitResponse(long id) throws IOException {
        socket.setSoTimeout(10_000);
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == 0x8) {
                throw new IOException("closed with " + f.closeCode() + " before response " + id);
            }
            if (f.text().contains("\"type\":\"response\"") && f.text().contains("\"id\":" + id + ",")) {
                return f.text();
            }
        }
    }

    /** Reads until the server's close frame and returns its code; -1 if the connection ends without one. */
    int awaitCloseCode(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        try {
            while (true) {
                Frame f = readFrame();
                if (f.opcode() == 0x8) {
                    return f.closeCode();
                }
            }
        } catch (IOException e) {
            if (e instanceof java.net.SocketTimeoutException) {
                throw e;
            }
            return -1;
        }
    }
}
