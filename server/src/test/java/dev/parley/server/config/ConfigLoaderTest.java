package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    private static final String KEY_A = "secret-key-aaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String KEY_B = "secret-key-bbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @TempDir
    Path dir;

    private static ServerConfig load(Map<String, String> env, String... args) throws ConfigException {
        return new ConfigLoader(env).load(List.of(args));
    }

    private static ServerConfig load(String... args) throws ConfigException {
        return load(Map.of(), args);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Map<String, String> env,
                                                                                String... args) {
        return assertThatThrownBy(() -> load(env, args)).isInstanceOf(ConfigException.class);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String... args) {
        return assertRefused(Map.of(), args);
    }

    private Path yaml(String text) throws IOException {
        Path file = Files.createTempFile(dir, "parley", ".yaml");
        Files.writeString(file, text);
        return file;
    }

    // --- media loops ----------------------------------------------------------------------------------

    @Test
    void mediaLoopsDefaultToOnePerCoreAndComeFromFlagEnvironmentOrFile() throws Exception {
        assertThat(load().mediaThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(load("--media-threads", "3").mediaThreads()).isEqualTo(3);
        assertThat(load(Map.of("PARLEY_MEDIA_THREADS", "4")).mediaThreads()).isEqualTo(4);
        assertThat(load("--config", yaml("mediaThreads: 5\n").toString()).mediaThreads()).isEqualTo(5);
        assertThat(load(Map.of("PARLEY_MEDIA_THREADS", "4"), "--media-threads", "1").mediaThreads()).isEqualTo(1);
        assertThat(ConfigLoader.help()).contains("--media-threads N").contains("PARLEY_MEDIA_THREADS");
    }

    @Test
    void aMediaLoopCountOutside1To256IsRefusedNamingTheFlag() {
        assertRefused("--media-threads", "0").hasMessageContaining("--media-threads").hasMessageContaining("at least 1");
        assertRefused("--media-threads", "257").hasMessageContaining("--media-threads").hasMessageContaining("256");
        assertRefused("--media-threads", "two").hasMessageContaining("--media-threads");
    }

    // --- defaults -----------------------------------------------------------------------------------

    @Test
    void withoutFlagsEnvironmentOrFileEveryValueIsTheDocumentedDefault() throws Exception {
        ServerConfig c = load();

        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.rtcPort()).isEqualTo(8000);
        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(c.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".parley"));
        assertThat(c.limits()).isEqualTo(new RoomLimits(50, 20));
        assertThat(c.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(c.consentTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.apps().isEmpty()).isTrue();
        assertThat(c.devMode()).isTrue();
    }

    @Test
    void defaultAnnounceAddressIsAConcreteIpv4AddressBrowsersCanSendTo() throws Exception {
        String announce = load().announceIp();

        InetAddress address = InetAddress.getByName(announce);
        assertThat(announce).matches("\\d{1,3}(\\.\\d{1,3}){3}");
        assertThat(address.isAnyLocalAddress()).isFalse();
        assertThat(address.isLinkLocalAddress()).isFalse();
    }

    // --- precedence ---------------------------------------------------------------------------------

    @Test
    void flagBeatsEnvironmentWhichBeatsTheConfigFile() throws Exception {
        Path file = yaml("httpPort: 3333\nrtcPort: 3334\nbind: 127.0.0.3\n");
        Map<String, String> env = Map.of("PARLEY_HTTP_PORT", "2222", "PARLEY_BIND", "127.0.0.2");

        ServerConfig c = load(env, "--config", file.toString(), "--http-port", "1111");

        assertThat(c.httpPort()).isEqualTo(1111);  // flag over env and file
        assertThat(c.bind()).isEqualTo("127.0.0.2"); // env over file
        assertThat(c.rtcPort()).isEqualTo(3334);   // file over default
    }

    @Test
    void everySettingCanComeFromItsEnvironmentVariable() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PARLEY_HTTP_PORT", "1001");
        env.put("PARLEY_RTC_PORT", "1002");
        env.put("PARLEY_BIND", "127.0.0.1");
        env.put("PARLEY_ANNOUNCE_IP", "192.0.2.7");
        env.put("PARLEY_SDK_APP_ID", "1400000123");
        env.put("PARLEY_SECRET_KEY", KEY_A);
        env.put("PARLEY_DATA_DIR", dir.toString());
        env.put("PARLEY_MAX_USERS_PER_ROOM", "7");
        env.put("PARLEY_MAX_PUBLISHERS_PER_ROOM", "3");

        ServerConfig c = load(env);

        assertThat(c.httpPort()).isEqualTo(1001);
        assertThat(c.rtcPort()).isEqualTo(1002);
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.announceIp()).isEqualTo("192.0.2.7");
        assertThat(c.apps().keysByApp()).isEqualTo(Map.of(1_400_000_123L, List.of(KEY_A)));
        assertThat(c.dataDir()).isEqualTo(dir);
        assertThat(c.limits()).isEqualTo(new RoomLimits(7, 3));
        assertThat(c.devMode()).isFalse();
    }

    @Test
    void theConfigFileItselfCanBeNamedByEnvironment() throws Exception {
        Path file = yaml("httpPort: 4444\n");

        assertThat(load(Map.of("PARLEY_CONFIG", file.toString())).httpPort()).isEqualTo(4444);
    }

    @Test
    void flagsAcceptTheEqualsForm() throws Exception {
        ServerConfig c = load("--http-port=0", "--rtc-port=0", "--announce-ip=10.1.2.3");

        assertThat(c.httpPort()).isZero();
        assertThat(c.rtcPort()).isZero();
        assertThat(c.announceIp()).isEqualTo("10.1.2.3");
    }

    @Test
    void blankEnvironmentValuesCountAsUnset() throws Exception {
        Path file = yaml("httpPort: 4445\n");

        ServerConfig c = load(Map.of("PARLEY_HTTP_PORT", "  "), "--config", file.toString());

        assertThat(c.httpPort()).isEqualTo(4445);
    }

    @Test
    void configFileSetsEveryKey() throws Exception {
        Path file = yaml("""
                httpPort: 9080
                rtcPort: 9000
                bind: 127.0.0.1
                announceIp: 198.51.100.4
                dataDir: %s
                heartbeatTimeoutSeconds: 3
                consentTimeoutSeconds: 4
                rooms:
                  maxUsers: 5
                  maxPublishers: 2
                apps:
                  - sdkAppId: 1400000001
                    secretKeys: [%s, %s]
                  - sdkAppId: 1400000002
                    secretKey: %s
                """.formatted(dir, KEY_A, KEY_B, KEY_B));

        ServerConfig c = load("--config", file.toString());

        assertThat(c.httpPort()).isEqualTo(9080);
        assertThat(c.rtcPort()).isEqualTo(9000);
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.announceIp()).isEqualTo("198.51.100.4");
        assertThat(c.dataDir()).isEqualTo(dir);
        assertThat(c.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.consentTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.limits()).isEqualTo(new RoomLimits(5, 2));
        assertThat(c.apps().keysByApp()).isEqualTo(Map.of(
                1_400_000_001L, List.of(KEY_A, KEY_B),
                1_400_000_002L, List.of(KEY_B)));
    }

    @Test
    void theLimitsBlockSetsEachLimitAndDefaultsTheRest() throws Exception {
        Path file = yaml("""
                limits:
                  maxConnectionsPerIp: 7
                  joinTimeoutSeconds: 3
                  requestsPerSecond: 9
                  fatalExitDelayMillis: 0
                """);
        ServerLimits l = load("--config", file.toString()).serverLimits();

        assertThat(l.maxConnectionsPerIp()).isEqualTo(7);
        assertThat(l.joinTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(l.requestsPerSecond()).isEqualTo(9);
        assertThat(l.fatalExitDelay()).isZero();
        assertThat(l.maxQueuedRequests()).isEqualTo(ServerLimits.DEFAULT.maxQueuedRequests());
        assertThat(load().serverLimits()).isEqualTo(ServerLimits.DEFAULT);
    }

    @Test
    void aBadOrUnknownLimitNamesItsKey() throws Exception {
        Path unknown = yaml("limits:\n  maxConnectionz: 5\n");
        assertThatThrownBy(() -> load("--config", unknown.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.maxConnectionz");
        Path bad = yaml("limits:\n  requestsPerSecond: 0\n");
        assertThatThrownBy(() -> load("--config", bad.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.requestsPerSecond")
                .hasMessageContaining(">= 1");
        Path notAMap = yaml("limits: 5\n");
        assertThatThrownBy(() -> load("--config", notAMap.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'limits' must be a mapping");
    }

    @Test
    void derivedConnectionCapLeavesDescriptorsSpare() {
        assertThat(ServerLimits.DEFAULT.effectiveMaxConnections(1024)).isEqualTo(755);
        assertThat(ServerLimits.DEFAULT.effectiveMaxConnections(-1)).isEqualTo(10_000);
        assertThat(ServerLimits.DEFAULT.effectiveMaxConnections(100)).isEqualTo(64);
    }

    @Test
    void twoCommaSeparatedSecretKeysAreAcceptedForARotation() throws Exception {
        ServerConfig c = load("--sdk-app-id", "1400000001", "--secret-key", KEY_A + ", " + KEY_B);

        assertThat(c.apps().keysByApp().get(1_400_000_001L)).containsExactly(KEY_A, KEY_B);
    }

    @Test
    void anEmptyConfigFileMeansDefaults() throws Exception {
        Path file = yaml("");

        assertThat(load("--config", file.toString()).httpPort()).isEqualTo(8080);
    }

    // --- bad values: each names what to fix ----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"--http-port", "--rtc-port"})
    void nonNumericPortNamesTheFlag(String flag) {
        assertRefused(flag, "eighty").hasMessageContaining(flag).hasMessageContaining("eighty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "99999999999"})
    void outOfRangePortNamesTheFlag(String port) {
        assertRefused("--rtc-port", port).hasMessageContaining("--rtc-port").hasMessageContaining(port);
    }

    @Test
    void portEdgesZeroAnd65535AreAccepted() throws Exception {
        ServerConfig c = load("--http-port", "0", "--rtc-port", "65535");

        assertThat(c.httpPort()).isZero();
        assertThat(c.rtcPort()).isEqualTo(65535);
    }

    @Test
    void badPortFromEnvironmentNamesTheVariable() {
        assertRefused(Map.of("PARLEY_HTTP_PORT", "http")).hasMessageContaining("PARLEY_HTTP_PORT");
    }

    @Test
    void badPortFromTheConfigFileNamesTheKey() throws Exception {
        Path file = yaml("rtcPort: 70000\n");

        assertRefused("--config", file.toString()).hasMessageContaining("rtcPort").hasMessageContaining("70000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "999.1.1.1", "1.2.3.4.5", "10.1", "12345", "1.2.3.",
            "::g", "192.168.1.1/24"})
    void announceAddressMustBeAnIpLiteral(String value) {
        assertRefused("--announce-ip", value).hasMessageContaining("--announce-ip").hasMessageContaining(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "300.0.0.1", "127.1"})
    void bindAddressMustBeAnIpLiteral(String value) {
        assertRefused("--bind", value).hasMessageContaining("--bind").hasMessageContaining(value);
    }

    @Test
    void ipv6LiteralsAreAccepted() throws Exception {
        ServerConfig c = load("--bind", "::", "--announce-ip", "2001:db8::1");

        assertThat(c.bind()).isEqualTo("::");
        assertThat(c.announceIp()).isEqualTo("2001:db8::1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::"})
    void wildcardAnnounceAddressIsRefused(String wildcard) {
        assertRefused("--announce-ip", wildcard).hasMessageContaining("--announce-ip");
    }

    @Test
    void appIdWithoutSecretKeyIsRefused() {
        assertRefused("--sdk-app-id", "1400000001")
                .hasMessageContaining("--sdk-app-id").hasMessageContaining("--secret-key");
    }

    @Test
    void secretKeyWithoutAppIdIsRefusedWithoutEchoingTheKey() {
        assertRefused("--secret-key", KEY_A)
                .hasMessageContaining("--sdk-app-id").hasMessageNotContaining(KEY_A);
    }

    @Test
    void threeSecretKeysAreRefusedWithoutEchoingThem() {
        assertRefused("--sdk-app-id", "1400000001", "--secret-key", KEY_A + "," + KEY_B + ",third-key")
                .hasMessageContaining("--sdk-app-id").hasMessageContaining("more than two")
                .hasMessageNotContaining(KEY_A).hasMessageNotContaining("third-key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "4294967296", "abc"})
    void appIdOutOfRangeOrNotANumberIsRefused(String id) {
        assertRefused("--sdk-app-id", id, "--secret-key", KEY_A)
                .hasMessageContaining("--sdk-app-id").hasMessageContaining(id);
    }

    @Test
    void onlyBlankSecretKeysCountAsNone() {
        assertRefused("--sdk-app-id", "1400000001", "--secret-key", " , ")
                .hasMessageContaining("no secret key");
    }

    @Test
    void unknownFlagIsRefusedAndPointsToHelp() {
        assertRefused("--http-prot", "80").hasMessageContaining("--http-prot").hasMessageContaining("--help");
    }

    @Test
    void strayPositionalArgumentIsRefused() {
        assertRefused("serve").hasMessageContaining("'serve'");
    }

    @Test
    void flagWithoutValueSaysWhatValueItNeeds() {
        assertRefused("--http-port").hasMessageContaining("--http-port").hasMessageContaining("PORT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--max-users-per-room", "--max-publishers-per-room"})
    void roomLimitsMustBePositive(String flag) {
        assertRefused(flag, "0").hasMessageContaining(flag);
        assertRefused(flag, "many").hasMessageContaining(flag);
    }

    @Test
    void badRoomLimitInTheConfigFileNamesTheKey() throws Exception {
        Path file = yaml("rooms:\n  maxUsers: 0\n");

        assertRefused("--config", file.toString()).hasMessageContaining("maxUsers");
    }

    @Test
    void unknownKeyInTheConfigFileIsNamed() throws Exception {
        Path file = yaml("httpPort: 80\nhttpport: 81\n");

        assertRefused("--config", file.toString())
                .hasMessageContaining("'httpport'").hasMessageContaining(file.toString());
    }

    @Test
    void unknownKeyUnderRoomsIsNamed() throws Exception {
        Path file = yaml("rooms:\n  maxUser: 3\n");

        assertRefused("--config", file.toString()).hasMessageContaining("maxUser");
    }

    @Test
    void invalidYamlIsRefusedWithTheFileName() throws Exception {
        Path file = yaml("httpPort: [80\n  bind: :\n");

        assertRefused("--config", file.toString())
                .hasMessageContaining("--config").hasMessageContaining("not valid YAML")
                .hasMessageContaining(file.toString());
    }

    @Test
    void aConfigFileThatIsNotAMappingIsRefused() throws Exception {
        Path file = yaml("- httpPort\n- rtcPort\n");

        assertRefused("--config", file.toString()).hasMessageContaining("mapping");
    }

    @Test
    void missingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");

        assertRefused("--config", missing.toString())
                .hasMessageContaining("--config").hasMessageContaining("no such file")
                .hasMessageContaining(missing.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"heartbeatTimeoutSeconds", "consentTimeoutSeconds"})
    void timeoutsMustBeWholeSecondsOfAtLeastOne(String key) throws Exception {
        assertRefused("--config", yaml(key + ": 0\n").toString()).hasMessageContaining(key);
        assertRefused("--config", yaml(key + ": soon\n").toString()).hasMessageContaining(key);
    }

    @Test
    void reconnectGraceAndDrainTimeoutDefaultTo30sAndMayBe0() throws Exception {
        assertThat(load().resilience()).isEqualTo(new Resilience(Duration.ofSeconds(30), Duration.ofSeconds(30)));
        ServerConfig c = load("--config", yaml("reconnectGraceSeconds: 0\ndrainTimeoutSeconds: 5\n").toString());
        assertThat(c.resilience()).isEqualTo(new Resilience(Duration.ZERO, Duration.ofSeconds(5)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"reconnectGraceSeconds", "drainTimeoutSeconds"})
    void reconnectGraceAndDrainTimeoutAreWholeSeconds(String key) throws Exception {
        assertRefused("--config", yaml(key + ": -1\n").toString()).hasMessageContaining(key);
        assertRefused("--config", yaml(key + ": soon\n").toString()).hasMessageContaining(key);
    }

    @Test
    void appsMustBeAList() throws Exception {
        Path file = yaml("apps:\n  sdkAppId: 1\n");

        assertRefused("--config", file.toString()).hasMessageContaining("apps");
    }

    @Test
    void appInTheConfigFileWithoutKeyIsNamed() throws Exception {
        Path file = yaml("apps:\n  - sdkAppId: 1400000009\n");

        assertRefused("--config", file.toString()).hasMessageContaining("apps").hasMessageContaining("1400000009");
    }

    @Test
    void anAppsCallbackSetsItsWebhookUrlAndKey() throws Exception {
        Path file = yaml("""
                apps:
                  - sdkAppId: 1400000001
                    secretKeys: [%s]
                    callback:
                      url: https://backend.example.com/trtc/callback
                      key: CallbackKey1
                  - sdkAppId: 1400000002
                    secretKey: %s
                """.formatted(KEY_A, KEY_B));

        ServerConfig c = load("--config", file.toString());

        assertThat(c.callbacks()).containsOnlyKeys(1_400_000_001L);
        AppCallback cb = c.callbacks().get(1_400_000_001L);
        assertThat(cb.url().toString()).isEqualTo("https://backend.example.com/trtc/callback");
        assertThat(cb.key()).contains("CallbackKey1");
        assertThat(cb.toString()).doesNotContain("CallbackKey1");
    }

    @Test
    void aBadCallbackIsNamed() throws Exception {
        String app = "apps:\n  - sdkAppId: 1400000001\n    secretKey: " + KEY_A + "\n    callback:\n";
        assertRefused("--config", yaml(app + "      url: ftp://x/\n").toString())
                .hasMessageContaining("callback.url");
        assertRefused("--config", yaml(app + "      url: http://x/\n      key: 'not ok!'\n").toString())
                .hasMessageContaining("callback.key");
        assertRefused("--config", yaml(app + "      url: http://x/\n      secret: k\n").toString())
                .hasMessageContaining("unknown key 'secret'");
    }

    // --- help and secrets ---------------------------------------------------------------------------

    @Test
    void helpListsEveryFlagWithItsEnvironmentVariable() {
        String help = ConfigLoader.help();

        for (ConfigLoader.Option o : ConfigLoader.OPTIONS) {
            assertThat(help).containsPattern("(?m)^\\s+" + o.flag() + " " + java.util.regex.Pattern.quote(
                    o.valueName()) + "\\s+" + o.env() + "\\s+\\S");
        }
        assertThat(help).contains("--help").contains("usersig");
    }

    @Test
    void everyOptionHasItsOwnFlagAndVariable() {
        List<String> flags = ConfigLoader.OPTIONS.stream().map(ConfigLoader.Option::flag).toList();
        List<String> envs = ConfigLoader.OPTIONS.stream().map(ConfigLoader.Option::env).toList();

        assertThat(flags).doesNotHaveDuplicates().allMatch(f -> f.startsWith("--"));
        assertThat(envs).doesNotHaveDuplicates().allMatch(e -> e.startsWith("PARLEY_"));
    }

    @Test
    void appKeysNeverShowAKey() throws Exception {
        AppKeys keys = load("--sdk-app-id", "1400000001", "--secret-key", KEY_A + "," + KEY_B).apps();

        assertThat(keys.toString()).contains("1400000001").contains("2 key(s)")
                .doesNotContain(KEY_A).doesNotContain(KEY_B).doesNotContain("secret-key");
    }

    @Test
    void serverConfigNeverShowsAKey() throws Exception {
        ServerConfig c = load("--sdk-app-id", "1400000001", "--secret-key", KEY_A);

        assertThat(c.toString()).doesNotContain(KEY_A);
    }

    @Test
    void appKeysAreImmutableCopies() {
        List<String> list = new ArrayList<>(List.of(KEY_A));
        Map<Long, List<String>> map = new HashMap<>(Map.of(1L, list));
        AppKeys keys = new AppKeys(map);

        list.add(KEY_B);
        map.put(2L, List.of(KEY_B));

        assertThat(keys.keysByApp()).isEqualTo(Map.of(1L, List.of(KEY_A)));
        assertThatThrownBy(() -> keys.keysByApp().get(1L).add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
