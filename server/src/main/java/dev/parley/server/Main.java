package dev.parley.server;

import dev.parley.server.cli.UserSigCommand;
import dev.parley.server.config.ConfigException;
import dev.parley.server.config.ConfigLoader;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.health.FatalErrorMonitor;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code parley-server.jar}: runs the server, or a subcommand ({@code usersig}).
 *
 * <p>Exit status: 0 after {@code --help} or a subcommand that succeeded; 1 the server could not start
 * (a port in use); 2 bad configuration; {@value FatalErrorMonitor#EXIT_STATUS} a fatal error while
 * running (out of memory, an event loop died or stalled: see {@link FatalErrorMonitor}). A supervisor
 * restarts on any non-zero status.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int code = run(List.of(args), System.getenv(), System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
        // The server's threads are daemons: the main thread keeps the JVM alive until shutdown.
        new java.util.concurrent.CountDownLatch(1).await();
    }

    /** @return an exit code, or -1 when the server is running (the JVM lives on) */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(ConfigLoader.help());
            return 0;
        }
        if (!args.isEmpty() && args.get(0).equals("usersig")) {
            return UserSigCommand.run(args.subList(1, args.size()), env, out, err);
        }
        ServerConfig config;
        try {
            config = new ConfigLoader(env).load(args);
        } catch (ConfigException e) {
            err.println("parley: " + e.getMessage());
            return 2;
        }
        try {
            // Only the real process ends itself on a fatal error; the monitor catches what no one else does.
            FatalErrorMonitor fatalErrors = FatalErrorMonitor.haltingProcess(config.serverLimits().fatalExitDelay());
            Thread.setDefaultUncaughtExceptionHandler(fatalErrors.uncaughtExceptionHandler());
            ParleyServer server = ParleyServer.start(config, fatalErrors);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
            GracefulStop.onSigterm(server, config.resilience().drainTimeout());
            out.print(server.banner());
            out.flush();
            return -1;
        } catch (ConfigException e) {
            // A setting that parses but cannot be used (a TLS key that is not a key): fix the configuration.
            err.println("parley: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("parley: cannot start: " + e.getMessage());
            if (System.getenv("PARLEY_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }
}
