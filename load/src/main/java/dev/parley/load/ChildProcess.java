package dev.parley.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A process the tool starts (the Parley jar, Janus, the relay), optionally pinned with {@code taskset}
 * (which execs the command: same pid), its output kept in a log file; started once a line of its output
 * says it is ready.
 */
final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} and waits up to {@code timeoutSeconds} for {@code ready} to return non-null
     * for a line of its standard output (or error); returns the process and that value.
     */
    static <T> Started<T> start(List<String> command, String cpus, Path log, Function<String, T> ready,
            int timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (cpus != null && !cpus.isEmpty()) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ChildProcess child = new ChildProcess(p, log);
        CompletableFuture<T> value = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 var out = java.nio.file.Files.newBufferedWriter(log)) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (!value.isDone()) {
                        T v = ready.apply(line);
                        if (v != null) {
                            value.complete(v);
                        }
                    }
                }
            } catch (IOException e) {
                value.completeExceptionally(e);
            }
            value.completeExceptionally(new IOException("exited before it was ready"));
        }, "child-output-" + command.get(0));
        reader.setDaemon(true);
        reader.start();
        try {
            return new Started<>(child, value.get(timeoutSeconds, TimeUnit.SECONDS));
        } catch (Exception e) {
            child.close();
            throw new IOException(String.join(" ", cmd) + " did not start (" + e + "); its output is in " + log, e);
        }
    }

    record Started<T>(ChildProcess process, T value) {
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
