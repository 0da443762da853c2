package dev.parley.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsHandshakeExecutor;
import dev.parley.sfu.BrowserOffers;
import dev.parley.usersig.UserSig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack 5, one tenant against another: the server serves two sdkAppIds (A from the flags, B from the
 * config file's {@code apps:}). A call runs in app A's room 5005 ({@code pub}, {@code sub1}, {@code sub2});
 * app B's users {@code pub} and {@code sub1}, with valid app B UserSigs, join app B's room 5005, publish,
 * and try to subscribe to app A's stream. A room is (sdkAppId, roomId): the two rooms share only a number.
 *
 * <p>Intended: neither app's users see the other's users or streams; nobody is kicked ("another client
 * joined as ..."); app B cannot subscribe to app A's stream; app A's call keeps flowing.
 */
class TwoAppsIsolationAttackIT {
    private static final long APP_B = 1_400_000_099L;
    private static final String SECRET_B = "it-secret-key-of-app-b-fedcba9876543210fedcba98";
    private static final int ROOM = 5005;

    private static ExecutorService dtls;
    private final SecurityFigures figures = new SecurityFigures("TwoAppsIsolationAttackIT");

    @BeforeAll
    static void executors() {
        dtls = DtlsHandshakeExecutor.create(4);
    }

    @AfterAll
    static void stop() {
        dtls.shutdownNow();
    }

    private static Map<String, Object> joinB(String userId) {
        return RunningCall.join(APP_B, userId, UserSig.generate(APP_B, SECRET_B, userId, 3600), ROOM);
    }

    @Test
    void twoAppsUsingTheSameRoomIdAndUserIdsNeitherSeeNorKickEachOther() throws Exception {
        try (ServerProcess server = AttackServer.start("apps:\n  - sdkAppId: " + APP_B + "\n    secretKey: " + SECRET_B
                + "\n");
             RunningCall call = RunningCall.start(server, ROOM, 2, dtls)) {
            AttackOutcome outcome = new AttackOutcome(server);
            long heapBefore = outcome.heap("before the attack");
            call.unexpectedEvents(List.of()); // what the call's own setup caused
            List<AutoCloseable> appB = new ArrayList<>();
            Duration legitDuring;
            List<String> seenByA = List.of();
            List<String> seenByB = new ArrayList<>();
            String subscribeAcross = "not tried";
            try {
                SignalClient bPub = SignalClient.connect(server.httpPort(), "B:pub");
                appB.add(bPub);
                SignalClient bSub = SignalClient.connect(server.httpPort(), "B:sub1");
                appB.add(bSub);
                outcome.soft().assertThat(bPub.request("join", joinB("pub")).path("ok").asBoolean())
                        .as("app B's pub joins app B's room %d", ROOM).isTrue();
                outcome.soft().assertThat(bSub.request("join", joinB("sub1")).path("ok").asBoolean())
                        .as("app B's sub1 joins app B's room %d", ROOM).isTrue();
                HeadlessPeer bPeer = new HeadlessPeer("B-pub", DtlsCertificate.generate(), dtls);
                appB.add(bPeer);
                JsonNode published = bPub.request("publish", Map.of("offer",
                        PeerMedia.offerFrom(bPeer, BrowserOffers.read(BrowserOffers.CHROME)), "type", "main"));
                String bStream = published.path("data").path("streamId").asText("?");
                if (published.path("ok").asBoolean()) {
                    PeerMedia.connect(bPeer, published.path("data").path("answer").asText());
                }
                JsonNode across = bSub.request("subscribe", Map.of("streamId", call.streamId));
                subscribeAcross = across.path("ok").asBoolean() ? "ALLOWED"
                        : "refused " + across.path("error").path("name").asText();
                outcome.soft().assertThat(across.path("ok").asBoolean())
                        .as("app B's sub1 subscribing to app A's stream %s: %s", call.streamId, across).isFalse();

                // App B's room holds pub and sub1 of app B: each may see the other join once, and B's stream.
                for (SignalClient b : List.of(bPub, bSub)) {
                    String other = b == bPub ? "sub1" : "pub";
                    int joinsOfOther = 0;
                    for (JsonNode e : b.drainEvents()) {
                        String name = e.path("name").asText();
                        JsonNode data = e.path("data");
                        boolean fromB = name.equals("peer-join") && data.path("userId").asText().equals(other)
                                && joinsOfOther++ == 0
                                || name.equals("stream-added")
                                        && data.path("stream").path("streamId").asText("").equals(bStream);
                        if (!fromB) {
                            seenByB.add(b.name + " got " + name + " " + data);
                        }
                    }
                    outcome.soft().assertThat(b.isClosed()).as("%s's connection closed", b.name).isFalse();
                }
                outcome.soft().assertThat(seenByB).as("events app B's users got about app A's").isEmpty();

                seenByA = call.unexpectedEvents(List.of());
                outcome.soft().assertThat(seenByA).as("events app A's call got while app B used room %d", ROOM).isEmpty();
                outcome.soft().assertThat(call.anyConnectionClosed()).as("an app A connection closed (kicked)").isFalse();
                outcome.stillFlowing("while app B is in its room " + ROOM, call, Duration.ofSeconds(2));
            } catch (Exception e) {
                outcome.soft().fail("app B's clients failed: " + e);
            } finally {
                legitDuring = outcome.legitimateClient("while app B is in its room",
                        () -> LegitimateClient.check(server, call, dtls, Duration.ofSeconds(15)));
                for (AutoCloseable c : appB) {
                    c.close();
                }
            }
            long heapAfter = outcome.heap("after the attack");
            Duration legitAfter = outcome.legitimateClient("after app B left",
                    () -> LegitimateClient.check(server, call, dtls, Duration.ofSeconds(15)));
            outcome.stillFlowing("after app B left", call, Duration.ofSeconds(2));

            figures.line("heap", AttackOutcome.heapFigures(heapBefore, Long.MIN_VALUE, heapAfter));
            figures.line("isolation", "events app A got from app B=" + seenByA.size() + " events app B got from app A="
                    + seenByB.size() + " B subscribing to A's stream: " + subscribeAcross + " A kicked="
                    + call.anyConnectionClosed());
            figures.line("legitimate client", "during=" + AttackOutcome.ms(legitDuring) + " after="
                    + AttackOutcome.ms(legitAfter));
            outcome.assertAll();
        } finally {
            figures.write();
        }
    }
}
