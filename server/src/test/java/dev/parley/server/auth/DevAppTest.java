package dev.parley.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.server.auth.JoinAuthenticator.Grant;
import dev.parley.usersig.RoomId;
import dev.parley.usersig.UserSigVerifier;
import dev.parley.usersig.VerifiedUserSig;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The development app: generated once, kept owner-only in the data directory, never printed. */
class DevAppTest {
    @TempDir
    Path dataDir;

    private Path file() {
        return dataDir.resolve(DevApp.FILE);
    }

    @Test
    void theFirstStartGeneratesAnAppThatLooksLikeATrtcOne() throws Exception {
        DevApp app = DevApp.loadOrCreate(dataDir);

        assertThat(app.sdkAppId()).isBetween(1_400_000_000L, 1_400_999_999L);
        assertThat(app.secretKey()).matches("[0-9a-f]{64}");
        assertThat(file()).isRegularFile();
    }

    @Test
    void theFileIsReadableAndWritableByItsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "a POSIX file system");

        DevApp.loadOrCreate(dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }

    @Test
    void aMissingDataDirectoryIsCreated() throws Exception {
        Path nested = dataDir.resolve("var/parley");

        DevApp app = DevApp.loadOrCreate(nested);

        assertThat(nested.resolve(DevApp.FILE)).isRegularFile();
        assertThat(DevApp.loadOrCreate(nested)).isEqualTo(app);
    }

    @Test
    void laterStartsLoadTheSameApp() throws Exception {
        DevApp first = DevApp.loadOrCreate(dataDir);
        String written = Files.readString(file());

        DevApp again = DevApp.loadOrCreate(dataDir);

        assertThat(again).isEqualTo(first);
        assertThat(Files.readString(file())).as("left as it was").isEqualTo(written);
    }

    @Test
    void anotherDataDirectoryGetsAnotherApp() throws Exception {
        DevApp one = DevApp.loadOrCreate(dataDir.resolve("one"));
        DevApp two = DevApp.loadOrCreate(dataDir.resolve("two"));

        assertThat(two.secretKey()).isNotEqualTo(one.secretKey());
    }

    @Test
    void aLinkPlantedWhereTheFileWillBeIsNotWrittenThrough() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
        Path elsewhere = Files.createDirectory(dataDir.resolve("elsewhere")).resolve("collected-keys");
        Files.createSymbolicLink(file(), elsewhere);

        IOException e = catchThrowableOfType(() -> DevApp.loadOrCreate(dataDir), IOException.class);

        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).contains(file().toString()).contains("delete it");
        assertThat(elsewhere).doesNotExist();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "",                                                                  // empty
        "sdkAppId=1400000123\n",                                             // no key
        "sdkAppId=1400000123\nsecretKey=too-short\n",                        // a key cut short
        "sdkAppId=not-a-number\nsecretKey=0123456789abcdef0123456789abcdef\n",
        "sdkAppId=0\nsecretKey=0123456789abcdef0123456789abcdef\n",
        "sdkAppId=-5\nsecretKey=0123456789abcdef0123456789abcdef\n",
        "secretKey=0123456789abcdef0123456789abcdef\n",                      // no sdkAppId
    })
    void aDamagedFileIsRefusedWithAMessageSayingToDeleteItAndIsNotOverwritten(String content) throws Exception {
        Files.writeString(file(), content);

        IOException e = catchThrowableOfType(() -> DevApp.loadOrCreate(dataDir), IOException.class);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(file().toString()).contains("damaged").contains("delete it");
        assertThat(e.getMessage()).doesNotContain("0123456789abcdef");
        assertThat(Files.readString(file())).isEqualTo(content);
    }

    @Test
    void aHandWrittenFileIsLoadedAsItIs() throws Exception {
        String key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        Files.writeString(file(), "# mine\nsdkAppId=1400000123\nsecretKey=" + key + "\n");

        assertThat(DevApp.loadOrCreate(dataDir)).isEqualTo(new DevApp(1_400_000_123L, key));
    }

    @Test
    void toStringShowsTheSdkAppIdButNeverTheKey() throws Exception {
        DevApp app = DevApp.loadOrCreate(dataDir);

        assertThat(app.toString()).contains(Long.toString(app.sdkAppId())).doesNotContain(app.secretKey());
        assertThat(String.valueOf(Optional.of(app))).doesNotContain(app.secretKey());
    }

    @Test
    void signMakesAUserSigTheVerifierAcceptsForThatUserAndDuration() throws Exception {
        DevApp app = DevApp.loadOrCreate(dataDir);
        UserSigVerifier verifier = new UserSigVerifier(Map.of(app.sdkAppId(), List.of(app.secretKey())));

        VerifiedUserSig verified = verifier.verify(app.sdkAppId(), "alice", app.sign("alice", 3600));

        assertThat(verified.userId()).isEqualTo("alice");
        assertThat(Duration.between(verified.issuedAt(), verified.expiresAt())).isEqualTo(Duration.ofHours(1));
        assertThat(verified.privateMapKey()).isEmpty();
        assertThat(new UserSigAuthenticator(verifier).authorize(app.sdkAppId(), "alice", app.sign("alice", 3600),
                Optional.empty(), RoomId.numeric(1))).isEqualTo(Grant.ALL);
    }

    @Test
    void aUserSigOfTheDevAppIsRefusedByAnotherDevApp() throws Exception {
        DevApp mine = DevApp.loadOrCreate(dataDir.resolve("mine"));
        DevApp theirs = new DevApp(mine.sdkAppId(), DevApp.loadOrCreate(dataDir.resolve("theirs")).secretKey());
        UserSigVerifier verifier = new UserSigVerifier(Map.of(mine.sdkAppId(), List.of(mine.secretKey())));

        AuthException e = catchThrowableOfType(() -> new UserSigAuthenticator(verifier).authorize(mine.sdkAppId(),
                "alice", theirs.sign("alice", 3600), Optional.empty(), RoomId.numeric(1)), AuthException.class);

        assertThat(e).hasMessageContaining("signature");
    }
}
