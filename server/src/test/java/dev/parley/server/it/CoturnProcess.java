package dev.parley.server.it;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's coturn ({@code /usr/bin/turnserver}, package {@code coturn}) as a test's TURN server on loopback,
 * with the TURN REST credentials Parley hands out ({@code use-auth-secret}, {@code static-auth-secret}),
 * allowed to relay to the loopback server. Stopped by {@link #close()}.
 */
final class CoturnProcess implements AutoCloseable {
    static final String TURNSERVER = "/usr/bin/turnserver";

    private final Process process;
    private final Path dir;
    private final int port;

    private CoturnProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static CoturnProcess start(String secret) throws Exception {
        if (!new File(TURNSERVER).canExecute()) {
            throw new IllegalStateException("the TURN tests need Debian's coturn at " + TURNSERVER
                    + ": apt-get install -y coturn");
        }
        Path dir = Files.createTempDirectory("parley-coturn");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process p = new ProcessBuilder(List.of(TURNSERVER, "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port, "--use-auth-secret", "--static-auth-secret=" + secret,
                "--realm=parley.test", "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls",
                "--fingerprint", "--userdb=" + dir.resolve("turndb"), "--pidfile=" + dir.resolve("turn.pid"),
                "--log-file=stdout", "--simple-log", "--verbose"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("coturn.log").toFile()).start();
        CoturnProcess coturn = new CoturnProcess(p, dir, port);
        coturn.awaitListening();
        return coturn;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IllegalStateException("coturn did not listen on " + port + "; its log:\n" + log());
    }

    /** A TURN-over-TCP URL of this server (RFC 7065). */
    String tcpUrl() {
        return "turn:127.0.0.1:" + port + "?transport=tcp";
    }

    String log() {
        try {
            return Files.readString(dir.resolve("coturn.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
