package dev.parley.load;

import dev.parley.client.SyntheticSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load tool: the same scenario (rooms × publishers × a growing number of subscribers, paced like a
 * browser) against the Parley jar, Janus's VideoRoom and a minimal relay, one after the other in one run,
 * and one Markdown report. {@code java -jar parley-load.jar --help}.
 */
public final class LoadMain {
    private static final String USAGE = """
            usage: java -jar load/target/parley-load.jar [options]
              --targets LIST        parley,janus,relay (default: all three)
              --server-jar PATH     the Parley jar (default server/target/parley-server.jar)
              --server-jvm OPTS     JVM options for the Parley jar, space separated (default none)
              --server-args ARGS    more flags for the Parley jar, space separated, e.g. "--media-threads 1"
              --rooms N             rooms (default 1)
              --publishers N        publishers per room (default 4)
              --subscribers LIST    subscribers per room at each step (default 5,10,20,40,80,120,160)
              --settle S            seconds between growing and measuring (default 8)
              --window S            seconds of each measurement window (default 10)
              --loss PCT            stop after the first step with more loss than this (default 1)
              --cpus LIST           pin the system under test with taskset -c LIST (default: not pinned)
              --client-cpus LIST    pin this tool with taskset -a -p -c LIST (default: not pinned)
              --media-cpus LIST     then pin the Parley jar's media loops (threads media-*) to LIST, the rest
                                    of it staying on --cpus: e.g. --cpus 1 --media-cpus 0 --client-cpus 1
                                    gives the media loop a core of its own (default: as --cpus)
              --video-pps N         video packets per second per publisher (default 100, 1200 bytes, 30 fps)
              --audio               add 50 packets/s of Opus-sized audio per publisher (default: video only)
              --decrypt-every N     subscribers decrypt one packet in N (default 10; the rest counted from headers)
              --receive-threads N   threads that receive for all the tool's subscribers (default 1)
              --out FILE            append the Markdown report to FILE as well
            """;

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (o.containsKey("help")) {
            System.out.print(USAGE);
            return;
        }
        String loadBefore = ProcessStats.loadAverage();
        // Hundreds of client media connections: a few threads receive for all of them (MediaPeer).
        System.setProperty(dev.parley.client.media.MediaPeer.RECEIVE_THREADS_PROPERTY,
                o.getOrDefault("receive-threads", "1"));
        if (o.containsKey("client-cpus")) {
            pinSelf(o.get("client-cpus"));
        }
        int videoPps = Integer.parseInt(o.getOrDefault("video-pps", "100"));
        SyntheticSource.Options media = SyntheticSource.Options.camera().withVideo(30, videoPps, 1200)
                .withAudio(o.containsKey("audio"));
        Scenario scenario = new Scenario(Integer.parseInt(o.getOrDefault("rooms", "1")),
                Integer.parseInt(o.getOrDefault("publishers", "4")), media, o.getOrDefault("cpus", ""),
                Integer.parseInt(o.getOrDefault("decrypt-every", "10")));
        List<Integer> steps = Arrays.stream(o.getOrDefault("subscribers", "5,10,20,40,80,120,160").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        Ramp ramp = new Ramp(scenario, steps, Duration.ofSeconds(Long.parseLong(o.getOrDefault("settle", "8"))),
                Duration.ofSeconds(Long.parseLong(o.getOrDefault("window", "10"))),
                Double.parseDouble(o.getOrDefault("loss", "1")) / 100);
        Path dir = Files.createTempDirectory("parley-load");
        List<StepResult> all = new ArrayList<>();
        System.out.println(Report.header());
        for (String name : o.getOrDefault("targets", "parley,janus,relay").split(",")) {
            try (LoadTarget target = target(name.trim(), o, dir)) {
                all.addAll(ramp.run(target, r -> System.out.println(Report.row(r))));
            } catch (Exception e) {
                System.err.println(name + " failed: " + e);
                e.printStackTrace();
            }
        }
        String report = Report.markdown(all, scenario, steps, String.join(" ", args), loadBefore,
                ProcessStats.loadAverage(), ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT));
        System.out.println();
        System.out.println(report);
        if (o.containsKey("out")) {
            Files.writeString(Path.of(o.get("out")), report + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(0); // client threads are daemons, but the JDK's HTTP client may hold one
    }

    private static LoadTarget target(String name, Map<String, String> o, Path dir) throws IOException {
        return switch (name) {
            case "parley" -> new ParleyTarget(Path.of(o.getOrDefault("server-jar", "server/target/parley-server.jar")),
                    o.containsKey("server-jvm") ? List.of(o.get("server-jvm").trim().split("\\s+")) : List.of(),
                    o.containsKey("server-args") ? List.of(o.get("server-args").trim().split("\\s+")) : List.of(),
                    o.getOrDefault("media-cpus", ""), Files.createDirectories(dir.resolve("parley")));
            case "relay" -> new RelayTarget(Files.createDirectories(dir.resolve("relay")));
            case "janus" -> new JanusTarget(Files.createDirectories(dir.resolve("janus")));
            default -> throw new IllegalArgumentException("unknown target " + name + " (parley, janus, relay)");
        };
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        List<String> flags = List.of("help", "audio");
        List<String> valued = List.of("targets", "server-jar", "server-jvm", "server-args", "rooms", "publishers", "subscribers",
                "settle", "window", "loss", "cpus", "client-cpus", "media-cpus", "video-pps", "decrypt-every", "receive-threads", "out");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String key = a.substring(2);
            if (flags.contains(key)) {
                o.put(key, "true");
            } else if (valued.contains(key)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                o.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return o;
    }

    /** Pins every thread of this JVM (taskset -a) so the tool stays off the server's CPUs. */
    private static void pinSelf(String cpus) throws IOException, InterruptedException {
        taskset(List.of("-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid())), "the load tool", cpus);
    }

    /** Runs {@code taskset} with {@code args}; an IOException names {@code what} and the CPUs if it fails. */
    static void taskset(List<String> args, String what, String cpus) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("taskset");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("taskset could not pin " + what + " to CPUs " + cpus + ": " + out.trim());
        }
    }
}
