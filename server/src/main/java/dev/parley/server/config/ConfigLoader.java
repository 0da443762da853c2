package dev.parley.server.config;

import static dev.parley.server.config.OptionValues.address;
import static dev.parley.server.config.OptionValues.between;
import static dev.parley.server.config.OptionValues.isWildcard;
import static dev.parley.server.config.OptionValues.names;
import static dev.parley.server.config.OptionValues.port;
import static dev.parley.server.config.OptionValues.positive;
import static dev.parley.server.config.OptionValues.readableFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Builds a {@link ServerConfig} from, in increasing precedence: embedded defaults, a YAML config file,
 * environment variables ({@code PARLEY_*}) and command-line flags. Every bad value stops start-up with
 * a {@link ConfigException} naming the flag, variable or key.
 */
public final class ConfigLoader {

    /** One setting: its flag, its environment variable, its YAML key and its help text. */
    public record Option(String flag, String env, String yamlKey, String valueName, String help) {
    }

    public static final Option HTTP_PORT = new Option("--http-port", "PARLEY_HTTP_PORT", "httpPort", "PORT",
            "HTTP and WebSocket port (default 8080)");
    public static final Option RTC_PORT = new Option("--rtc-port", "PARLEY_RTC_PORT", "rtcPort", "PORT",
            "UDP media port shared by all transports (default 8000)");
    public static final Option BIND = new Option("--bind", "PARLEY_BIND", "bind", "ADDRESS",
            "address to bind HTTP and media sockets to (default 0.0.0.0)");
    public static final Option ANNOUNCE_IP = new Option("--announce-ip", "PARLEY_ANNOUNCE_IP", "announceIp",
            "IP[,IP]", "IP address(es) put in ICE candidates, reachable by browsers, IPv4 and IPv6, most preferred"
                    + " first (default: this machine's first non-loopback IPv4 address)");
    public static final Option ANNOUNCE_PORT = new Option("--announce-port", "PARLEY_ANNOUNCE_PORT", "announcePort",
            "PORT", "UDP port put in ICE candidates when a NAT or relay forwards another port to --rtc-port"
                    + " (default: the media port itself)");
    public static final Option TCP_PORT = new Option("--tcp-port", "PARLEY_TCP_PORT", "tcpPort", "PORT|off",
            "TCP media port for ICE over TCP (RFC 6544), for clients whose network blocks UDP; 'off' for none"
                    + " (default: the UDP media port's number)");
    public static final Option MEDIA_THREADS = new Option("--media-threads", "PARLEY_MEDIA_THREADS", "mediaThreads",
            "N", "event loops of the media plane, each with its own socket on the media port (default: one per"
                    + " core; more than one needs Linux's native epoll)");
    public static final Option TLS_CERT = new Option("--tls-cert", "PARLEY_TLS_CERT", "tlsCert", "FILE",
            "PEM certificate chain: serve HTTPS and WSS on the HTTP port (with --tls-key; reloaded when it changes)");
    public static final Option TLS_KEY = new Option("--tls-key", "PARLEY_TLS_KEY", "tlsKey", "FILE",
            "PEM private key (PKCS#8) of --tls-cert");
    public static final Option TURN_URLS = new Option("--turn-urls", "PARLEY_TURN_URLS", "turn.urls", "URL[,URL]",
            "TURN servers handed to clients at join, e.g. turn:turn.example.com:3478?transport=tcp (with"
                    + " --turn-secret)");
    public static final Option TURN_SECRET = new Option("--turn-secret", "PARLEY_TURN_SECRET", "turn.secret",
            "SECRET", "the TURN servers' static-auth-secret (coturn use-auth-secret): clients get time-limited"
                    + " credentials");
    public static final Option TURN_TTL = new Option("--turn-ttl", "PARLEY_TURN_TTL", "turn.ttlSeconds", "SECONDS",
            "how long TURN credentials stay valid (default 86400)");
    public static final Option SDK_APP_ID = new Option("--sdk-app-id", "PARLEY_SDK_APP_ID", "sdkAppId", "ID",
            "accepted sdkAppId (with --secret-key); without one the server runs a development app");
    public static final Option SECRET_KEY = new Option("--secret-key", "PARLEY_SECRET_KEY", "secretKey", "KEY[,KEY]",
            "secret key(s) of --sdk-app-id; two, comma-separated, during a key rotation");
    public static final Option CONFIG = new Option("--config", "PARLEY_CONFIG", null, "FILE",
            "YAML config file (keys: httpPort, rtcPort, bind, announceIp, announcePort, tcpPort, mediaThreads,"
                    + " tlsCert, tlsKey, turn, dataDir, apps, rooms, limits)");
    public static final Option DATA_DIR = new Option("--data-dir", "PARLEY_DATA_DIR", "dataDir", "DIR",
            "where the development app's key is kept (default ~/.parley)");
    public static final Option MAX_USERS = new Option("--max-users-per-room", "PARLEY_MAX_USERS_PER_ROOM", null,
            "N", "users allowed in one room (default 50)");
    public static final Option MAX_PUBLISHERS = new Option("--max-publishers-per-room",
            "PARLEY_MAX_PUBLISHERS_PER_ROOM", null, "N", "publishers allowed in one room (default 20)");

    public static final List<Option> OPTIONS = List.of(HTTP_PORT, RTC_PORT, BIND, ANNOUNCE_IP, ANNOUNCE_PORT, TCP_PORT,
            MEDIA_THREADS, TLS_CERT, TLS_KEY, TURN_URLS, TURN_SECRET, TURN_TTL, SDK_APP_ID, SECRET_KEY, CONFIG, DATA_DIR, MAX_USERS,
            MAX_PUBLISHERS);

    private static final Set<String> YAML_KEYS = Set.of("httpPort", "rtcPort", "bind", "announceIp", "announcePort", "dataDir",
            "apps", "rooms", "sdkAppId", "secretKey", "heartbeatTimeoutSeconds", "consentTimeoutSeconds", "limits",
            "tcpPort", "tlsCert", "tlsKey", "turn", "reconnectGraceSeconds", "drainTimeoutSeconds", "mediaThreads");

    private static final Set<String> ROOM_KEYS = Set.of("maxUsers", "maxPublishers");
    private static final Set<String> APP_KEYS = Set.of("sdkAppId", "secretKeys", "secretKey", "callback");

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** Help text listing every flag with its environment variable. */
    public static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: java -jar parley-server.jar [options]\n")
          .append("       java -jar parley-server.jar usersig --sdk-app-id ID --secret-key KEY --user-id USER"
                  + " [--expire SECONDS]\n\nOptions (each also an environment variable):\n");
        for (Option o : OPTIONS) {
            sb.append(String.format("  %-28s %-32s %s%n", o.flag() + " " + o.valueName(), o.env(), o.help()));
        }
        sb.append(String.format("  %-28s %-32s %s%n", "--help", "", "print this help"));
        return sb.toString();
    }

    /** Parses {@code args} (flags only; subcommands are dispatched before). */
    public ServerConfig load(List<String> args) throws ConfigException {
        Map<Option, String> flags = parseFlags(args);
        String configFile = pick(flags, CONFIG, null);
        JsonNode yaml = configFile == null ? null : readYaml(Path.of(configFile));

        int httpPort = port(HTTP_PORT, pick(flags, HTTP_PORT, yamlText(yaml, HTTP_PORT)), 8080);
        int rtcPort = port(RTC_PORT, pick(flags, RTC_PORT, yamlText(yaml, RTC_PORT)), 8000);
        String bind = address(BIND, pick(flags, BIND, yamlText(yaml, BIND)), "0.0.0.0");
        String announceValue = pick(flags, ANNOUNCE_IP, yamlList(yaml, "announceIp"));
        List<String> announceIps = new ArrayList<>();
        for (String one : announceValue == null ? List.of(LocalAddresses.defaultAnnounceIp())
                : List.of(announceValue.split(","))) {
            String ip = address(ANNOUNCE_IP, one.trim(), null);
            if (isWildcard(ip)) {
                throw new ConfigException(names(ANNOUNCE_IP) + " must be an address browsers can reach, not " + ip);
            }
            if (!announceIps.contains(ip)) {
                announceIps.add(ip);
            }
        }
        String announce = announceIps.get(0);
        int announcePort = port(ANNOUNCE_PORT, pick(flags, ANNOUNCE_PORT, yamlText(yaml, ANNOUNCE_PORT)), 0);
        String dataDir = pick(flags, DATA_DIR, yamlText(yaml, DATA_DIR));
        Path data = dataDir != null ? Path.of(dataDir) : Path.of(System.getProperty("user.home"), ".parley");

        AppKeys apps = apps(flags, yaml);
        JsonNode rooms = yaml == null ? null : yaml.get("rooms");
        int maxUsers = positive(MAX_USERS, pick(flags, MAX_USERS, yamlChildText(rooms, "maxUsers")),
                RoomLimits.DEFAULT.maxUsers());
        int maxPublishers = positive(MAX_PUBLISHERS,
                pick(flags, MAX_PUBLISHERS, yamlChildText(rooms, "maxPublishers")),
                RoomLimits.DEFAULT.maxPublishers());
        Duration heartbeat = yamlSeconds(yaml, "heartbeatTimeoutSeconds", 8);
        Duration consent = yamlSeconds(yaml, "consentTimeoutSeconds", 30);
        int mediaThreads = between(MEDIA_THREADS, pick(flags, MEDIA_THREADS, yamlText(yaml, MEDIA_THREADS)),
                ServerConfig.defaultMediaThreads(), 1, ServerConfig.MAX_MEDIA_THREADS);
        return new ServerConfig(bind, httpPort, rtcPort, announce, apps, data,
                new RoomLimits(maxUsers, maxPublishers), heartbeat, consent, announcePort,
                LimitsSection.read(yaml == null ? null : yaml.get("limits")),
                CallbackSection.read(yaml == null ? null : yaml.get("apps")), reach(flags, yaml, announceIps),
                new Resilience(yamlSecondsOrZero(yaml, "reconnectGraceSeconds", 30),
                        yamlSecondsOrZero(yaml, "drainTimeoutSeconds", 30)), mediaThreads);
    }

    private ReachConfig reach(Map<Option, String> flags, JsonNode yaml, List<String> announceIps)
            throws ConfigException {
        String tcp = pick(flags, TCP_PORT, yamlText(yaml, TCP_PORT));
        // YAML 1.1 reads an unquoted `tcpPort: off` as the boolean false.
        boolean iceTcp = tcp == null || !(tcp.equalsIgnoreCase("off") || tcp.equalsIgnoreCase("false"));
        OptionalInt tcpPort = iceTcp && tcp != null ? OptionalInt.of(port(TCP_PORT, tcp, 0)) : OptionalInt.empty();
        String cert = pick(flags, TLS_CERT, yamlText(yaml, TLS_CERT));
        String key = pick(flags, TLS_KEY, yamlText(yaml, TLS_KEY));
        Optional<ReachConfig.TlsFiles> tls = Optional.empty();
        if (cert != null || key != null) {
            if (cert == null || key == null) {
                throw new ConfigException(TLS_CERT.flag() + " and " + TLS_KEY.flag()
                        + " go together: give both for HTTPS, or neither for plain HTTP");
            }
            tls = Optional.of(new ReachConfig.TlsFiles(readableFile(TLS_CERT, cert), readableFile(TLS_KEY, key)));
        }
        JsonNode turn = yaml == null ? null : yaml.get("turn");
        Optional<ReachConfig.TurnConfig> turnConfig = TurnSection.read(turn,
                pick(flags, TURN_URLS, TurnSection.urls(turn)), pick(flags, TURN_SECRET, TurnSection.text(turn, "secret")),
                pick(flags, TURN_TTL, TurnSection.text(turn, "ttlSeconds")));
        return new ReachConfig(announceIps, iceTcp, tcpPort, tls, turnConfig,
                LimitsSection.readIceTcp(yaml == null ? null : yaml.get("limits")));
    }

    /** A YAML scalar, or a YAML list joined with commas (announceIp may be either). */
    private static String yamlList(JsonNode yaml, String key) {
        JsonNode v = yaml == null ? null : yaml.get(key);
        if (v != null && v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return yamlText(yaml, key);
    }

    /** Like {@link #yamlSeconds} but 0 is allowed (no grace, no drain wait). */
    private static Duration yamlSecondsOrZero(JsonNode yaml, String key, int dflt) throws ConfigException {
        String v = yamlText(yaml, key);
        if ("0".equals(v)) {
            return Duration.ZERO;
        }
        return yamlSeconds(yaml, key, dflt);
    }

    private Map<Option, String> parseFlags(List<String> args) throws ConfigException {
        Map<Option, String> flags = new LinkedHashMap<>();
        for (Iterator<String> it = args.iterator(); it.hasNext(); ) {
            String arg = it.next();
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Option option = byFlag(name);
            if (option == null) {
                throw new ConfigException("unknown option '" + arg + "' (see --help)");
            }
            if (value == null) {
                if (!it.hasNext()) {
                    throw new ConfigException(option.flag() + " needs a value: " + option.valueName());
                }
                value = it.next();
            }
            flags.put(option, value);
        }
        return flags;
    }

    private static Option byFlag(String flag) {
        for (Option o : OPTIONS) {
            if (o.flag().equals(flag)) {
                return o;
            }
        }
        return null;
    }

    /**
     * Flag, then environment, then the config file's value. A blank value counts as unset at each level,
     * so an empty {@code PARLEY_X=} (as container files often write) does not hide the config file.
     */
    private String pick(Map<Option, String> flags, Option option, String fromYaml) {
        for (String v : new String[] {flags.get(option), env.get(option.env()), fromYaml}) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static JsonNode readYaml(Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(CONFIG.flag() + ": no such file " + file);
        }
        JsonNode node;
        try {
            node = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(CONFIG.flag() + ": " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new ConfigException(CONFIG.flag() + ": " + file + " must be a mapping of keys to values");
        }
        requireKnownKeys(node, YAML_KEYS, "", file);
        JsonNode rooms = node.get("rooms");
        if (rooms != null && !rooms.isNull()) {
            if (!rooms.isObject()) {
                throw new ConfigException(CONFIG.flag() + ": config key 'rooms' in " + file
                        + " must be a mapping (keys: maxUsers, maxPublishers)");
            }
            requireKnownKeys(rooms, ROOM_KEYS, "rooms.", file);
        }
        JsonNode apps = node.get("apps");
        if (apps != null && apps.isArray()) {
            for (JsonNode app : apps) {
                if (app.isObject()) {
                    requireKnownKeys(app, APP_KEYS, "apps[].", file);
                }
            }
        }
        return node;
    }

    /** A misspelt key would otherwise be ignored without a word, at any level. */
    private static void requireKnownKeys(JsonNode node, Set<String> known, String prefix, Path file)
            throws ConfigException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!known.contains(key)) {
                throw new ConfigException(CONFIG.flag() + ": unknown key '" + prefix + key + "' in " + file
                        + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String yamlText(JsonNode yaml, Option option) {
        return option.yamlKey() == null || option.yamlKey().contains(".") ? null : yamlText(yaml, option.yamlKey());
    }

    private static String yamlText(JsonNode yaml, String key) {
        return yamlChildText(yaml, key);
    }

    private static String yamlChildText(JsonNode node, String key) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(key);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static Duration yamlSeconds(JsonNode yaml, String key, int dflt) throws ConfigException {
        String v = yamlText(yaml, key);
        if (v == null) {
            return Duration.ofSeconds(dflt);
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 1) {
                return Duration.ofSeconds(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("config key '" + key + "' must be a whole number of seconds >= 1, got '" + v + "'");
    }

    private AppKeys apps(Map<Option, String> flags, JsonNode yaml) throws ConfigException {
        Map<Long, List<String>> keys = new LinkedHashMap<>();
        JsonNode list = yaml == null ? null : yaml.get("apps");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new ConfigException("config key 'apps' must be a list of {sdkAppId, secretKeys}");
            }
            for (JsonNode app : list) {
                if (!app.isObject()) {
                    throw new ConfigException("config key 'apps' must be a list of {sdkAppId, secretKeys}");
                }
                String id = yamlChildText(app, "sdkAppId");
                JsonNode secrets = app.get("secretKeys");
                List<String> ks = new ArrayList<>();
                if (secrets != null && secrets.isArray()) {
                    secrets.forEach(s -> ks.add(s.asText()));
                } else if (yamlChildText(app, "secretKey") != null) {
                    ks.add(yamlChildText(app, "secretKey"));
                }
                addApp(keys, "config key 'apps'", id, ks);
            }
        }
        String id = pick(flags, SDK_APP_ID, yamlText(yaml, SDK_APP_ID));
        String secret = pick(flags, SECRET_KEY, yamlText(yaml, SECRET_KEY));
        if (id != null || secret != null) {
            if (id == null || secret == null) {
                throw new ConfigException(SDK_APP_ID.flag() + " and " + SECRET_KEY.flag()
                        + " go together: give both, or neither for development mode");
            }
            addApp(keys, SDK_APP_ID.flag(), id, List.of(secret.split(",")));
        }
        return new AppKeys(keys);
    }

    private static void addApp(Map<Long, List<String>> keys, String where, String id, List<String> secrets)
            throws ConfigException {
        long appId;
        try {
            appId = Long.parseLong(id == null ? "" : id.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(where + ": sdkAppId must be a positive number, got '" + id + "'");
        }
        if (appId <= 0 || appId > 0xFFFFFFFFL) {
            throw new ConfigException(where + ": sdkAppId must be 1-4294967295, got " + appId);
        }
        List<String> clean = secrets.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (clean.isEmpty()) {
            throw new ConfigException(where + ": sdkAppId " + appId + " has no secret key");
        }
        if (clean.size() > 2) {
            throw new ConfigException(where + ": sdkAppId " + appId
                    + " has more than two secret keys; keep at most two (the old and the new) during a rotation");
        }
        keys.put(appId, clean);
    }
}
