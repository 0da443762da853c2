package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.transport.IceTcpLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reachability settings (issue 13): announce list, ICE-TCP port, TLS files, TURN, ICE-TCP limits. */
class ReachConfigLoaderTest {
    @TempDir
    Path dir;

    private static ServerConfig load(Map<String, String> env, String... args) throws ConfigException {
        return new ConfigLoader(env).load(List.of(args));
    }

    private static ServerConfig load(String... args) throws ConfigException {
        return load(Map.of(), args);
    }

    @Test
    void byDefaultIceTcpIsOnAtTheUdpPortsNumberWithoutTlsOrTurn() throws Exception {
        ServerConfig c = load("--announce-ip", "192.0.2.10");
        assertThat(c.reach().iceTcp()).isTrue();
        assertThat(c.reach().tcpPort()).isEmpty();
        assertThat(c.reach().tls()).isEmpty();
        assertThat(c.reach().turn()).isEmpty();
        assertThat(c.reach().announceIps()).containsExactly("192.0.2.10");
        assertThat(c.reach().iceTcpLimits()).isEqualTo(IceTcpLimits.DEFAULT);
    }

    @Test
    void announceIpTakesAListOfIpv4AndIpv6FirstIsPreferred() throws Exception {
        ServerConfig c = load("--announce-ip", "192.0.2.10, 2001:db8::10,192.0.2.10");
        assertThat(c.announceIp()).isEqualTo("192.0.2.10");
        assertThat(c.reach().announceIps()).containsExactly("192.0.2.10", "2001:db8::10");
    }

    @Test
    void announceIpInTheConfigFileMayBeAYamlList() throws Exception {
        Path yaml = Files.writeString(dir.resolve("p.yaml"), "announceIp: [203.0.113.5, '2001:db8::5']\n");
        assertThat(load("--config", yaml.toString()).reach().announceIps()).containsExactly("203.0.113.5", "2001:db8::5");
    }

    @Test
    void aBadAddressInTheListIsNamed() {
        assertThatThrownBy(() -> load("--announce-ip", "192.0.2.10,example.com"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--announce-ip").hasMessageContaining("example.com");
        assertThatThrownBy(() -> load("--announce-ip", "192.0.2.10,::"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("browsers can reach");
    }

    @Test
    void tcpPortIsANumberOrOff() throws Exception {
        assertThat(load("--announce-ip", "192.0.2.10", "--tcp-port", "443").reach().tcpPort()).hasValue(443);
        assertThat(load(Map.of("PARLEY_TCP_PORT", "off"), "--announce-ip", "192.0.2.10").reach().iceTcp()).isFalse();
        Path yaml = Files.writeString(dir.resolve("off.yaml"), "tcpPort: off\n");
        assertThat(load("--announce-ip", "192.0.2.10", "--config", yaml.toString()).reach().iceTcp()).isFalse();
        assertThatThrownBy(() -> load("--announce-ip", "192.0.2.10", "--tcp-port", "70000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--tcp-port");
    }

    @Test
    void tlsNeedsBothReadableFiles() throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        ServerConfig c = load("--announce-ip", "192.0.2.10", "--tls-cert", cert.toString(), "--tls-key", key.toString());
        assertThat(c.reach().tls()).hasValueSatisfying(t -> {
            assertThat(t.certificate()).isEqualTo(cert);
            assertThat(t.privateKey()).isEqualTo(key);
        });
        assertThatThrownBy(() -> load("--announce-ip", "192.0.2.10", "--tls-cert", cert.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("go together");
        assertThatThrownBy(() -> load("--announce-ip", "192.0.2.10", "--tls-cert", cert.toString(), "--tls-key",
                dir.resolve("missing.pem").toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--tls-key").hasMessageContaining("missing.pem");
    }

    @Test
    void turnFromTheConfigFileBlock() throws Exception {
        Path yaml = Files.writeString(dir.resolve("p.yaml"), """
                announceIp: 192.0.2.10
                turn:
                  urls: [ "turn:turn.example.com:3478?transport=tcp", "turns:turn.example.com:443" ]
                  secret: a-long-enough-shared-secret
                  ttlSeconds: 3600
                """);
        ReachConfig.TurnConfig t = load("--config", yaml.toString()).reach().turn().orElseThrow();
        assertThat(t.urls()).containsExactly("turn:turn.example.com:3478?transport=tcp", "turns:turn.example.com:443");
        assertThat(t.secret()).isEqualTo("a-long-enough-shared-secret");
        assertThat(t.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(t.toString()).doesNotContain("a-long-enough-shared-secret");
    }

    @Test
    void turnFlagsOverrideTheFileAndAreChecked() throws Exception {
        ReachConfig.TurnConfig t = load("--announce-ip", "192.0.2.10", "--turn-urls", "turn:[2001:db8::1]:3478",
                "--turn-secret", "a-long-enough-shared-secret").reach().turn().orElseThrow();
        assertThat(t.urls()).containsExactly("turn:[2001:db8::1]:3478");
        assertThat(t.ttl()).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> load("--announce-ip", "192.0.2.10", "--turn-urls", "turn:x.example.com"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("go together");
        assertThatThrownBy(() -> load("--announce-ip", "192.0.2.10", "--turn-urls", "http://x.example.com",
                "--turn-secret", "a-long-enough-shared-secret"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a TURN URL");
        assertThatThrownBy(() -> load("--announce-ip", "192.0.2.10", "--turn-urls", "turn:x.example.com",
                "--turn-secret", "short"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 16");
        assertThatThrownBy(() -> load("--announce-ip", "192.0.2.10", "--turn-urls", "turn:x.example.com",
                "--turn-secret", "a-long-enough-shared-secret", "--turn-ttl", "5"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--turn-ttl");
    }

    @Test
    void anUnknownTurnKeyIsNamed() throws Exception {
        Path yaml = Files.writeString(dir.resolve("p.yaml"), "turn:\n  url: turn:x\n");
        assertThatThrownBy(() -> load("--announce-ip", "192.0.2.10", "--config", yaml.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("turn.url");
    }

    @Test
    void iceTcpLimitsComeFromTheLimitsBlock() throws Exception {
        Path yaml = Files.writeString(dir.resolve("p.yaml"), """
                limits:
                  iceTcpConnections: 100
                  iceTcpConnectionsPerIp: 7
                  iceTcpCheckTimeoutSeconds: 3
                  iceTcpMaxPendingWriteBytes: 65536
                """);
        IceTcpLimits l = load("--announce-ip", "192.0.2.10", "--config", yaml.toString()).reach().iceTcpLimits();
        assertThat(l).isEqualTo(new IceTcpLimits(100, 7, Duration.ofSeconds(3), 65536));
        Path bad = Files.writeString(dir.resolve("b.yaml"), "limits:\n  iceTcpConnectionsPerIp: 0\n");
        assertThatThrownBy(() -> load("--announce-ip", "192.0.2.10", "--config", bad.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.iceTcpConnectionsPerIp");
    }
}
