package dev.parley.server.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * An operations endpoint served beside the static content (the admin API, the metrics): a whole request
 * in, a response later. {@link #handle} is called on the connection's event loop and must not block: work
 * that takes time or belongs to another thread (the SFU thread) goes there, and the future completes when
 * the response is ready.
 */
public interface ApiEndpoint {
    CompletableFuture<Response> handle(Request request);

    /** A request, its body already read whole (bounded by the pipeline's aggregator). */
    record Request(String method, String path, HttpHeaders headers, byte[] body, InetSocketAddress remote) {
    }

    record Response(int status, String contentType, byte[] body) {
    }
}
