package dev.parley.server.auth;

import dev.parley.usersig.UserSig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;

/**
 * The development application used when no sdkAppId is configured: a generated sdkAppId and secret key,
 * kept in {@code <dataDir>/dev-app.properties} (owner-readable only) so UserSigs survive restarts.
 * {@link #toString()} never prints the key.
 */
public record DevApp(long sdkAppId, String secretKey) {
    static final String FILE = "dev-app.properties";

    public static DevApp loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
            try {
                long id = Long.parseLong(props.getProperty("sdkAppId", ""));
                String key = props.getProperty("secretKey", "");
                if (id > 0 && key.length() >= 32) {
                    return new DevApp(id, key);
                }
            } catch (NumberFormatException e) {
                // fall through: the file is damaged, say so
            }
            throw new IOException(file + " is damaged: delete it to generate a new development app");
        }
        SecureRandom random = new SecureRandom();
        // 1400000000 + 6 digits looks like a TRTC sdkAppId, which some pages validate.
        long id = 1_400_000_000L + random.nextInt(1_000_000);
        byte[] key = new byte[32];
        random.nextBytes(key);
        DevApp app = new DevApp(id, HexFormat.of().formatHex(key));
        Files.createDirectories(dataDir);
        Properties props = new Properties();
        props.setProperty("sdkAppId", Long.toString(id));
        props.setProperty("secretKey", app.secretKey);
        try (OutputStream out = Channels.newOutputStream(createOwnerOnly(file))) {
            props.store(out, "Parley development app (generated; delete to regenerate)");
        }
        return app;
    }

    /**
     * Creates the file owner-only from the start (open(2) with O_CREAT|O_EXCL and mode 0600): created
     * under the umask and chmod-ed afterwards, the key would be readable by every local user for a moment,
     * long enough to open it and keep reading. O_EXCL also refuses whatever already sits at the path, a
     * link included, where a plain create would write the key to wherever the link points.
     */
    private static SeekableByteChannel createOwnerOnly(Path file) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return Files.newByteChannel(file, options,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.newByteChannel(file, options); // not a POSIX file system: nothing more we can do
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " exists but is not a regular file: delete it to generate a new"
                    + " development app", e);
        }
    }

    public String sign(String userId, long expireSeconds) {
        return UserSig.generate(sdkAppId, secretKey, userId, expireSeconds);
    }

    @Override
    public String toString() {
        return "DevApp[sdkAppId=" + sdkAppId + "]";
    }
}
