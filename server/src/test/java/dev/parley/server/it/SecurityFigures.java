package dev.parley.server.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures an attack test measured, one line each: printed as they come, and kept in
 * {@code target/security-figures.txt} (this test's lines replace its previous run's), which
 * docs/SECURITY.md quotes.
 */
final class SecurityFigures {
    static final Path FILE = Path.of(System.getProperty("parley.securityFigures", "target/security-figures.txt"));

    private final String test;
    private final List<String> lines = new ArrayList<>();

    SecurityFigures(String test) {
        this.test = test;
    }

    /** One figure line, e.g. {@code line("heap", "during=12.1MB after=11.8MB bound=40MB")}. */
    void line(String what, String figures) {
        String l = test + " " + what + ": " + figures;
        System.out.println(l);
        lines.add(l);
    }

    /** Writes this test's lines into the file (whatever the test's outcome: failures are figures too). */
    void write() {
        try {
            List<String> kept = new ArrayList<>();
            if (Files.isRegularFile(FILE)) {
                for (String l : Files.readAllLines(FILE)) {
                    if (!l.startsWith(test + " ")) {
                        kept.add(l);
                    }
                }
            }
            kept.addAll(lines);
            kept.sort(null);
            Files.createDirectories(FILE.toAbsolutePath().getParent());
            Files.write(FILE, kept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1fMB", bytes / 1048576.0);
    }
}
