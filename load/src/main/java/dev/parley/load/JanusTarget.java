package dev.parley.load;

import java.nio.file.Path;

/** Janus's VideoRoom under the same scenario (not yet: see docs/PERFORMANCE.md). */
final class JanusTarget implements LoadTarget {
    JanusTarget(Path configDir, Path dir) {
    }

    @Override
    public String name() {
        return "Janus";
    }

    @Override
    public void start(Scenario scenario) {
        throw new UnsupportedOperationException("the Janus target is not written yet");
    }

    @Override
    public long pid() {
        return 0;
    }

    @Override
    public void growTo(int subscribers) {
    }

    @Override
    public void resetCounters() {
    }

    @Override
    public Counters counters() {
        return null;
    }

    @Override
    public void close() {
    }
}
