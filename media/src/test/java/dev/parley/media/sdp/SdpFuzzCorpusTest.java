package dev.parley.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the committed fuzz corpus meaningful: valid seeds parse, seeds named {@code broken_*} do not. */
class SdpFuzzCorpusTest {

    private static List<Path> seeds() throws IOException, URISyntaxException {
        Path dir = Path.of(SdpFuzzCorpusTest.class.getResource("SdpFuzzTestInputs/roundTrip").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void validSeedsParseAndBrokenSeedsAreRejected() throws IOException, URISyntaxException {
        List<Path> seeds = seeds();
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(8);
        for (Path seed : seeds) {
            String text = Files.readString(seed, StandardCharsets.UTF_8);
            Throwable thrown = catchThrowable(() -> SessionDescription.parse(text));
            if (seed.getFileName().toString().startsWith("broken_")) {
                assertThat(thrown).as(seed.getFileName().toString()).isInstanceOf(SdpParseException.class);
            } else {
                assertThat(thrown).as(seed.getFileName().toString()).isNull();
            }
        }
    }
}
