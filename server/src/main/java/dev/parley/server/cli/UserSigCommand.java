package dev.parley.server.cli;

import dev.parley.usersig.UserSig;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar parley-server.jar usersig --sdk-app-id ID --secret-key KEY --user-id USER [--expire S]}:
 * prints a UserSig, for scripts and local testing. The key may also come from {@code PARLEY_SECRET_KEY}
 * (so it stays out of the shell history) and the app id from {@code PARLEY_SDK_APP_ID}.
 */
public final class UserSigCommand {
    static final long DEFAULT_EXPIRE_SECONDS = 86_400;

    private UserSigCommand() {
    }

    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Map<String, String> opts = new HashMap<>();
        for (Iterator<String> it = args.iterator(); it.hasNext(); ) {
            String a = it.next();
            if (!List.of("--sdk-app-id", "--secret-key", "--user-id", "--expire").contains(a)) {
                err.println("parley usersig: unknown option '" + a + "'\n" + usage());
                return 2;
            }
            if (!it.hasNext()) {
                err.println("parley usersig: " + a + " needs a value\n" + usage());
                return 2;
            }
            opts.put(a, it.next());
        }
        String app = opts.getOrDefault("--sdk-app-id", env.get("PARLEY_SDK_APP_ID"));
        String key = opts.getOrDefault("--secret-key", env.get("PARLEY_SECRET_KEY"));
        String user = opts.get("--user-id");
        if (app == null || key == null || user == null) {
            err.println("parley usersig: --sdk-app-id, --secret-key and --user-id are required\n" + usage());
            return 2;
        }
        long sdkAppId;
        long expire;
        try {
            sdkAppId = Long.parseLong(app);
            expire = Long.parseLong(opts.getOrDefault("--expire", Long.toString(DEFAULT_EXPIRE_SECONDS)));
        } catch (NumberFormatException e) {
            err.println("parley usersig: --sdk-app-id and --expire must be whole numbers");
            return 2;
        }
        if (sdkAppId <= 0 || expire <= 0) {
            err.println("parley usersig: --sdk-app-id and --expire must be positive");
            return 2;
        }
        if (!user.matches("[A-Za-z0-9_\\-]{1,32}")) {
            err.println("parley usersig: --user-id must be 1-32 characters of letters, digits, '_' and '-'");
            return 2;
        }
        // If the key has a comma (a rotation pair in PARLEY_SECRET_KEY), sign with the first one.
        out.println(UserSig.generate(sdkAppId, key.split(",")[0].trim(), user, expire));
        return 0;
    }

    private static String usage() {
        return "usage: java -jar parley-server.jar usersig --sdk-app-id ID --secret-key KEY --user-id USER"
                + " [--expire SECONDS (default 86400)]";
    }
}
