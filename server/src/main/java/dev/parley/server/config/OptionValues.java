package dev.parley.server.config;

import dev.parley.server.config.ConfigLoader.Option;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One option's value read into a typed value, or a {@link ConfigException} that names the flag, the
 * environment variable and the config key it may have come from, and says what is expected.
 */
final class OptionValues {
    private OptionValues() {
    }

    static Path readableFile(Option option, String file) throws ConfigException {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new ConfigException(names(option) + ": no readable file " + p.toAbsolutePath());
        }
        return p;
    }

    static boolean isWildcard(String ip) {
        try {
            return InetAddress.getByName(ip).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * How an error message names a setting: by its flag, variable and config key, since the bad value
     * may have come from any of them.
     */
    static String names(Option option) {
        String key = option == ConfigLoader.MAX_USERS ? "rooms.maxUsers"
                : option == ConfigLoader.MAX_PUBLISHERS ? "rooms.maxPublishers" : option.yamlKey();
        return option.flag() + " (" + option.env() + (key == null ? "" : ", config key " + key) + ")";
    }

    static int port(Option option, String value, int dflt) throws ConfigException {
        if (value == null) {
            return dflt;
        }
        int p = integer(option, value);
        if (p < 0 || p > 65535) {
            throw new ConfigException(names(option) + " must be a port number 0-65535, got " + value);
        }
        return p;
    }

    static int positive(Option option, String value, int dflt) throws ConfigException {
        if (value == null) {
            return dflt;
        }
        int n = integer(option, value);
        if (n < 1) {
            throw new ConfigException(names(option) + " must be at least 1, got " + value);
        }
        return n;
    }

    /** {@code value} as a whole number from {@code min} to {@code max}, or {@code dflt} when unset. */
    static int between(Option option, String value, int dflt, int min, int max) throws ConfigException {
        int n = value == null ? dflt : integer(option, value);
        if (n < min) {
            throw new ConfigException(names(option) + " must be at least " + min + ", got " + value);
        }
        if (n > max) {
            throw new ConfigException(names(option) + " must be at most " + max + ", got " + value);
        }
        return n;
    }

    static int integer(Option option, String value) throws ConfigException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(names(option) + " must be a whole number, got '" + value + "'");
        }
    }

    static String address(Option option, String value, String dflt) throws ConfigException {
        String v = value == null ? dflt : value;
        // Only IP literals: a host name would need DNS at start-up and could resolve differently later.
        // InetAddress.getByName is not a literal check: it takes "10.1" or "12345" as IPv4 shorthand
        // (which browsers reject in a candidate) and sends "999.1.1.1" to DNS. Dotted quads and plain
        // IPv6 (no brackets, no zone) only.
        if (!v.matches("[0-9.]+|[0-9a-fA-F:.]+")
                || !NetUtil.isValidIpV4Address(v) && !NetUtil.isValidIpV6Address(v)) {
            throw new ConfigException(names(option) + " must be an IP address, got '" + v + "'");
        }
        return v;
    }
}
