package dev.parley.media.dtls;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code openssl} command line tool run for an interop test: its merged stdout/stderr is collected
 * by a reader thread, its stdin stays open (so {@code s_client}/{@code s_server} do not quit on EOF),
 * every wait is bounded, and {@link #close()} kills it.
 */
final class OpenSslProcess implements AutoCloseable {

    private static final Path DEBIAN_OPENSSL = Path.of("/usr/bin/openssl");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private OpenSslProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readOutput, "openssl-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** The openssl binary; fails the test (never skips it) when it is missing. */
    static Path executable() {
        if (Files.isExecutable(DEBIAN_OPENSSL)) {
            return DEBIAN_OPENSSL;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, "openssl");
            if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("openssl is not installed (looked for /usr/bin/openssl and on PATH): install it, "
                + "e.g. 'apt-get install openssl', to run the DTLS interop tests");
    }

    static OpenSslProcess start(Path workingDirectory, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).start();
        return new OpenSslProcess(process);
    }

    /** Runs a short openssl command to completion and returns its output. */
    static String run(Path workingDirectory, Duration timeout, String... arguments) throws Exception {
        try (OpenSslProcess openssl = start(workingDirectory, arguments)) {
            openssl.process.getOutputStream().close();
            if (!openssl.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("openssl " + String.join(" ", arguments) + " did not finish within " + timeout);
            }
            openssl.reader.join(timeout.toMillis());
            if (openssl.process.exitValue() != 0) {
                fail("openssl " + String.join(" ", arguments) + " failed:\n" + openssl.output());
            }
            return openssl.output();
        }
    }

    /** Waits until a line matches; returns its first capture group (or the whole match). */
    String awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                Optional<String> found = find(pattern);
                if (found.isPresent()) {
                    return found.get();
                }
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    return fail("openssl printed no line matching /" + pattern + "/ within " + timeout
                            + "; its output was:\n" + String.join("\n", lines));
                }
                lines.wait(Math.min(left, 100));
            }
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    private Optional<String> find(Pattern pattern) {
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return Optional.of(matcher.groupCount() > 0 ? matcher.group(1) : matcher.group());
            }
        }
        return Optional.empty();
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process was killed: its output ends here.
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        reader.join(5_000);
    }
}
