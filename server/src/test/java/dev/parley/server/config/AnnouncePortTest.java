package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --announce-port}: the port put in ICE candidates when something forwards another port to ours. */
class AnnouncePortTest {
    @TempDir
    Path dir;

    private static ServerConfig load(Map<String, String> env, String... args) throws ConfigException {
        return new ConfigLoader(env).load(List.of(args));
    }

    @Test
    void byDefaultTheMediaPortItselfIsAnnounced() throws Exception {
        assertThat(load(Map.of()).announcePort()).isZero();
    }

    @Test
    void itComesFromTheFlagTheEnvironmentOrTheConfigFile() throws Exception {
        Path yaml = dir.resolve("parley.yaml");
        Files.writeString(yaml, "announcePort: 40001\n");
        assertThat(load(Map.of(), "--config", yaml.toString()).announcePort()).isEqualTo(40001);
        assertThat(load(Map.of("PARLEY_ANNOUNCE_PORT", "40002"), "--config", yaml.toString()).announcePort())
                .isEqualTo(40002);
        assertThat(load(Map.of("PARLEY_ANNOUNCE_PORT", "40002"), "--announce-port", "40003").announcePort())
                .isEqualTo(40003);
    }

    @Test
    void aValueThatIsNotAPortIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> load(Map.of(), "--announce-port", "70000")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--announce-port");
        assertThatThrownBy(() -> load(Map.of(), "--announce-port", "x")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--announce-port");
    }

    @Test
    void theHelpListsIt() {
        assertThat(ConfigLoader.help()).contains("--announce-port PORT").contains("PARLEY_ANNOUNCE_PORT");
    }

    @Test
    void theNineArgumentConstructorAnnouncesTheMediaPort() throws Exception {
        ServerConfig c = load(Map.of());
        ServerConfig old = new ServerConfig(c.bind(), c.httpPort(), c.rtcPort(), c.announceIp(), c.apps(), c.dataDir(),
                c.limits(), c.heartbeatTimeout(), c.consentTimeout());
        assertThat(old).isEqualTo(c);
    }
}
