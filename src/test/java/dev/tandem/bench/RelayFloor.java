package dev.tandem.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The floor under any gateway on this machine: two bare relays that pass a POST on to an upstream and its answer
 * back, and do nothing else. One answers from the Vert.x event loop with an asynchronous client (no thread
 * hand-over); the other takes Tandem's threading: the request handed to a worker thread, the upstream called with
 * a blocking Apache client on it, the answer written from there. What a relay adds over calling the upstream
 * directly is what no gateway code can take off; what Tandem adds beyond the second relay is its own.
 */
final class RelayFloor implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(40));
    private final CloseableHttpClient blocking = HttpClients.custom().setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(256).setMaxConnTotal(256).build())
            .build();
    private final HttpServer eventLoop;
    private final HttpServer worker;

    /** Relays to {@code http://127.0.0.1:port}, passing on the request's path and its Authorization header. */
    RelayFloor(int port) throws ExecutionException, InterruptedException {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(256));
        eventLoop = listen(request -> request.body().compose(body -> client.request(new RequestOptions()
                        .setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI(request.uri())
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Authorization", request.getHeader("Authorization")))
                .compose(upstream -> upstream.send(body)).compose(answer -> answer.body()))
                .onSuccess(answer -> request.response().putHeader("Content-Type", "application/json").end(answer))
                .onFailure(failed -> request.response().setStatusCode(502).end()));
        worker = listen(request -> request.body().onSuccess(body -> vertx.executeBlocking(() -> {
            HttpPost post = new HttpPost(URI.create("http://127.0.0.1:" + port + request.uri()));
            post.addHeader("Authorization", request.getHeader("Authorization"));
            post.setEntity(new ByteArrayEntity(body.getBytes(), ContentType.APPLICATION_JSON));
            String answer = blocking.execute(post, r -> EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8));
            request.response().putHeader("Content-Type", "application/json").end(answer);
            return null;
        }, false)));
    }

    private HttpServer listen(Handler<HttpServerRequest> handler)
            throws ExecutionException, InterruptedException {
        return vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get();
    }

    int eventLoopPort() {
        return eventLoop.actualPort();
    }

    int workerPort() {
        return worker.actualPort();
    }

    @Override
    public void close() throws IOException {
        blocking.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
