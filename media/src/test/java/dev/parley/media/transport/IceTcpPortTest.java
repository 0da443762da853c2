package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsConfig;
import dev.parley.media.dtls.DtlsHandshakeExecutor;
import dev.parley.media.stun.IceCredentials;
import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunErrorCode;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageBuilder;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.TransactionId;
import io.netty.channel.EventLoopGroup;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TCP media port over real loopback sockets: ICE checks in RFC 4571 frames reach the transport their
 * ufrag names and are answered on the same connection; everything else, and every client that proves
 * nothing in time or opens too many connections, is closed.
 */
class IceTcpPortTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generate();
    private static final IceTcpLimits LIMITS = new IceTcpLimits(8, 3, Duration.ofMillis(500), 64 * 1024);
    private static EventLoopGroup group;
    private static ExecutorService dtlsExecutor;

    private final Random random = new Random(6544);
    private final WebRtcTransportTest.Recorder events = new WebRtcTransportTest.Recorder();
    private final List<Socket> sockets = new ArrayList<>();
    private UdpPortMux mux;
    private IceTcpPort tcp;

    @BeforeAll
    static void startLoop() {
        group = Loopback.oneLoop("ice-tcp-test");
        dtlsExecutor = DtlsHandshakeExecutor.create(1);
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        dtlsExecutor.shutdownNow();
    }

    @BeforeEach
    void bind() throws Exception {
        mux = Loopback.bindMux(group);
        tcp = IceTcpPort.bind(mux, Loopback.address(0), LIMITS, error -> { });
    }

    @AfterEach
    void unbind() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        tcp.close();
        mux.close();
    }

    private WebRtcTransport transport() throws Exception {
        return Loopback.onLoop(mux, () -> new WebRtcTransport(mux, CERT, dtlsExecutor, DtlsConfig.defaults(),
                new ManualClock(Instant.parse("2025-06-01T12:00:00Z")), Duration.ofSeconds(30), 1024, "tcp-test",
                events));
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(Loopback.address(tcp.port()), (int) Loopback.WAIT.toMillis());
        s.setSoTimeout((int) Loopback.WAIT.toMillis());
        return s;
    }

    private byte[] check(IceCredentials server, String password) {
        return new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TransactionId.random(random))
                .username(server.ufrag() + ":browserUfrag").priority(0x6E7F00FFL).iceControlling(random.nextLong())
                .useCandidate().messageIntegrity(MessageIntegrity.shortTerm(password))
                .fingerprint().build();
    }

    private static void writeFrame(Socket s, byte[] packet) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(new byte[] {(byte) (packet.length >> 8), (byte) packet.length});
        out.write(packet);
        out.flush();
    }

    private static StunMessage readStunFrame(Socket s) throws Exception {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int len = in.readUnsignedShort();
        byte[] packet = new byte[len];
        in.readFully(packet);
        return StunMessage.parse(packet, 0, len);
    }

    /** Waits until the server closes the connection: the read ends (EOF or reset) within {@link Loopback#WAIT}. */
    private static void assertClosedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // drain whatever the server sent before closing
            }
        } catch (SocketException | EOFException e) {
            return; // reset: closed too
        }
    }

    @Test
    void aValidCheckInAFrameIsAnsweredOnTheConnectionAndSelectsTcp() throws Exception {
        WebRtcTransport t = transport();
        Socket s = connect();

        writeFrame(s, check(t.localIce(), t.localIce().password()));
        StunMessage response = readStunFrame(s);

        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(response.xorMappedAddress()).contains((InetSocketAddress) s.getLocalSocketAddress());
        assertThat(Loopback.onLoop(mux, t::selectedProtocol)).contains("tcp");
        assertThat(Loopback.onLoop(mux, t::remoteAddress)).contains((InetSocketAddress) s.getLocalSocketAddress());
        // Claimed: the check deadline no longer applies, and the connection lives as long as the transport.
        Thread.sleep(LIMITS.checkTimeout().toMillis() * 2);
        writeFrame(s, check(t.localIce(), t.localIce().password()));
        assertThat(readStunFrame(s).type()).isEqualTo(StunMessageType.BINDING_SUCCESS);

        Loopback.onLoop(mux, t::close);
        assertClosedByServer(s);
        Loopback.await("the connection is released", () -> tcp.connectionCount() == 0);
    }

    @Test
    void aCheckWithTheWrongPasswordIsRefusedAndTheConnectionClosedAtTheDeadline() throws Exception {
        WebRtcTransport t = transport();
        Socket s = connect();

        writeFrame(s, check(t.localIce(), "not-the-password-of-this-transport"));
        StunMessage response = readStunFrame(s);

        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_ERROR);
        assertThat(response.errorCode()).hasValueSatisfying(
                e -> assertThat(e.code()).isEqualTo(StunErrorCode.UNAUTHORIZED));
        assertThat(Loopback.onLoop(mux, t::selectedProtocol)).isEmpty();
        assertClosedByServer(s);
        Loopback.await("counted as a check timeout", () -> tcp.checkTimeouts() == 1);
    }

    @Test
    void aSilentConnectionIsClosedAtTheCheckDeadline() throws Exception {
        Socket s = connect();
        assertClosedByServer(s);
        Loopback.await("counted as a check timeout", () -> tcp.checkTimeouts() == 1);
        Loopback.await("the connection is released", () -> tcp.connectionCount() == 0);
    }

    @Test
    void aFirstFrameThatIsNotStunIsClosedAtOnce() throws Exception {
        transport();
        Socket s = connect();
        byte[] rtp = new byte[40];
        rtp[0] = (byte) 0x80;
        writeFrame(s, rtp);
        assertClosedByServer(s);
        assertThat(tcp.unroutedConnections()).isEqualTo(1);
        assertThat(tcp.checkTimeouts()).isZero();
    }

    @Test
    void aCheckNamingAnUnknownUfragIsClosedAtOnce() throws Exception {
        Socket s = connect();
        writeFrame(s, check(new IceCredentials("nobodyHere", "passwordpasswordpassword"), "passwordpasswordpassword"));
        assertClosedByServer(s);
        assertThat(tcp.unroutedConnections()).isEqualTo(1);
    }

    @Test
    void aFrameLongerThanAnyWebRtcPacketClosesTheConnection() throws Exception {
        Socket s = connect();
        s.getOutputStream().write(new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 1, 2});
        assertClosedByServer(s);
    }

    @Test
    void connectionsFromOneAddressBeyondTheCapAreRefused() throws Exception {
        List<Socket> kept = new ArrayList<>();
        for (int i = 0; i < LIMITS.maxConnectionsPerIp(); i++) {
            kept.add(connect());
        }
        Loopback.await("the first connections are admitted",
                () -> tcp.connectionCount() == LIMITS.maxConnectionsPerIp());
        Socket extra = connect();
        assertClosedByServer(extra);
        assertThat(tcp.refusedConnections()).isEqualTo(1);
        assertThat(tcp.connectionCount()).isEqualTo(LIMITS.maxConnectionsPerIp());
    }
}
