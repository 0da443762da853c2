package dev.parley.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FixtureRoundTripTest {

    static Stream<String> fixtures() {
        return Fixtures.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void reparsingTheWrittenSdpGivesAnEqualModel(String fixture) throws SdpParseException {
        SessionDescription parsed = Fixtures.parse(fixture);
        String written = parsed.write();
        SessionDescription reparsed = SessionDescription.parse(written);

        assertThat(reparsed).usingRecursiveComparison().isEqualTo(parsed);
        assertThat(reparsed).isEqualTo(parsed);
        assertThat(reparsed.write()).isEqualTo(written);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void writtenSdpKeepsEveryLineOfTheBrowsers(String fixture) {
        String original = Fixtures.text(fixture);
        String written = Fixtures.parse(fixture).write();

        // The writer reorders lines but loses none; only the msid-semantic spelling is normalised.
        assertThat(sortedLines(written)).isEqualTo(sortedLines(original.replace("a=msid-semantic:WMS",
                "a=msid-semantic: WMS")));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void writtenSdpIsCrlfTerminatedInCanonicalOrder(String fixture) {
        String written = Fixtures.parse(fixture).write();

        assertThat(written).endsWith("\r\n");
        assertThat(written.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        List<String> lines = Arrays.asList(written.split("\r\n"));
        assertThat(lines.subList(0, 4)).extracting(l -> l.substring(0, 2)).containsExactly("v=", "o=", "s=", "t=");
        int firstMedia = lines.indexOf(lines.stream().filter(l -> l.startsWith("m=")).findFirst().orElseThrow());
        assertThat(lines.subList(4, firstMedia)).allMatch(l -> l.startsWith("a="));
    }

    private static List<String> sortedLines(String sdp) {
        List<String> lines = new ArrayList<>(Arrays.asList(sdp.split("\r?\n")));
        lines.sort(null);
        return lines;
    }
}
