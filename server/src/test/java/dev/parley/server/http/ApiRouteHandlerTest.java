package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operations routes: a matching request reaches its endpoint whole and is released; others pass on. */
class ApiRouteHandlerTest {
    private final List<ApiEndpoint.Request> seen = new ArrayList<>();
    private final CompletableFuture<ApiEndpoint.Response> answer = new CompletableFuture<>();
    private final EmbeddedChannel ch = new EmbeddedChannel(new ApiRouteHandler(Map.of("/api/v1/", r -> {
        seen.add(r);
        return answer;
    }, "/metrics", r -> CompletableFuture.completedFuture(new ApiEndpoint.Response(200, "text/plain",
            "m 1\n".getBytes(StandardCharsets.UTF_8))))));

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    private static FullHttpRequest post(String uri, String body) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    @Test
    void aRoutedRequestReachesItsEndpointWholeAndIsReleased() {
        FullHttpRequest req = post("/api/v1/RemoveUser?x=1", "{\"SdkAppId\":1}");
        ch.writeInbound(req);

        assertThat(req.refCnt()).isZero();
        assertThat(seen).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/api/v1/RemoveUser");
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"SdkAppId\":1}");
        });
        assertThat((Object) ch.readOutbound()).as("no answer before the endpoint's").isNull();

        answer.complete(new ApiEndpoint.Response(404, "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
        ch.runPendingTasks();
        FullHttpResponse res = ch.readOutbound();
        assertThat(res.status().code()).isEqualTo(404);
        assertThat(res.headers().get("Content-Type")).isEqualTo("application/json");
        res.release();
    }

    @Test
    void aFailedEndpointAnswers500() {
        ch.writeInbound(post("/api/v1/X", ""));
        answer.completeExceptionally(new IllegalStateException("boom"));
        ch.runPendingTasks();
        FullHttpResponse res = ch.readOutbound();
        assertThat(res.status().code()).isEqualTo(500);
        res.release();
    }

    @Test
    void otherPathsGoOnToTheStaticContentUntouched() {
        FullHttpRequest req = post("/api/v1", "");
        ch.writeInbound(req);
        FullHttpRequest passed = ch.readInbound();
        assertThat(passed).isSameAs(req);
        assertThat(passed.refCnt()).isEqualTo(1);
        passed.release();

        FullHttpRequest metricsLike = post("/metricsx", "");
        ch.writeInbound(metricsLike);
        assertThat((Object) ch.readInbound()).isSameAs(metricsLike);
        metricsLike.release();
        assertThat(seen).isEmpty();
    }
}
