package dev.parley.load;

/**
 * One system under load: a server process (or the minimal relay) and the load tool's clients of it. The
 * ramp calls {@link #start} once, then {@link #growTo} with more subscribers at each step, and around
 * each measurement window {@link #resetCounters} and {@link #counters}.
 */
interface LoadTarget extends AutoCloseable {
    /** The column name in the report. */
    String name();

    /** Starts the process (pinned to {@code cpus} when not empty) and the publishers. */
    void start(Scenario scenario) throws Exception;

    /** The process whose CPU and memory are measured. */
    long pid();

    /** Adds subscribers until there are {@code subscribers} per room, each receiving every publisher. */
    void growTo(int subscribers) throws Exception;

    void resetCounters();

    Counters counters();

    /** What the target's own metrics say (its delay, its drops); empty when it keeps none. */
    default java.util.Optional<ServerScrape> serverScrape() throws Exception {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
