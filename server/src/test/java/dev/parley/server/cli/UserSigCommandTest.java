package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.usersig.UserSigVerifier;
import dev.parley.usersig.VerifiedUserSig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserSigCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return UserSigCommand.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsAUserSigThatVerifiesForThatUserAndExpiry() throws Exception {
        int code = run(Map.of(), "--sdk-app-id", "1400000001", "--secret-key", "k3y", "--user-id", "alice",
                "--expire", "600");
        assertThat(code).isZero();
        String sig = out.toString(StandardCharsets.UTF_8).trim();
        VerifiedUserSig v = new UserSigVerifier(Map.of(1400000001L, List.of("k3y"))).verify(1400000001L, "alice", sig);
        assertThat(Duration.between(v.issuedAt(), v.expiresAt())).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void takesTheKeyFromTheEnvironmentSoItStaysOutOfShellHistory() throws Exception {
        int code = run(Map.of("PARLEY_SECRET_KEY", "envkey", "PARLEY_SDK_APP_ID", "1400000002"), "--user-id", "bob");
        assertThat(code).isZero();
        String sig = out.toString(StandardCharsets.UTF_8).trim();
        new UserSigVerifier(Map.of(1400000002L, List.of("envkey"))).verify(1400000002L, "bob", sig);
    }

    @Test
    void refusesMissingOrBadArgumentsWithUsage() {
        assertThat(run(Map.of(), "--user-id", "alice")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--sdk-app-id, --secret-key and --user-id");
        err.reset();
        assertThat(run(Map.of(), "--sdk-app-id", "abc", "--secret-key", "k", "--user-id", "a")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("whole numbers");
        err.reset();
        assertThat(run(Map.of(), "--sdk-app-id", "1", "--secret-key", "k", "--user-id", "bad user")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--user-id must be");
        err.reset();
        assertThat(run(Map.of(), "--bogus", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--bogus'");
        assertThat(out.size()).isZero();
    }

    @Test
    void neverPrintsTheSecretKey() {
        run(Map.of(), "--sdk-app-id", "1", "--secret-key", "TOPSECRET", "--user-id", "bad user");
        assertThat(err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8)).doesNotContain("TOPSECRET");
    }
}
