package dev.parley.server.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for what a browser or the server will show: bounded polling with a useful failure message. */
final class Poll {
    private Poll() {
    }

    /**
     * Polls {@code condition} every 200 ms until it holds or {@code timeout} passes. A condition that
     * throws (a page still loading) counts as not yet; its last exception is reported if time runs out.
     *
     * @param context what to append to the failure (server log tail, page logs); evaluated only on failure
     */
    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what
                + (last != null ? "\nlast error: " + last : "") + context.get());
    }

    /** The last {@code lines} lines of a text, e.g. a server log. */
    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
