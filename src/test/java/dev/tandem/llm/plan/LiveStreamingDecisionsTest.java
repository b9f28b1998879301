package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.NamedBackend.answered;
import static dev.tandem.llm.plan.NamedBackend.failed;
import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.MERGE;
import static dev.tandem.llm.plan.Steps.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tandem.llm.BackendException.Kind;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.api.LiveStream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code stream: true} under each strategy: which branch the client's event stream follows live, what it shows,
 * and what the strategy does with results once the stream is committed. The client reads a real Vert.x response.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveStreamingDecisionsTest {

    private static final Pattern CONTENT = Pattern.compile("\"content\":\"([^\"]*)\"");

    private final BackendGate local = NamedBackend.gate("ollama", ChatBackend.Role.LOCAL);
    private final BackendGate provider = NamedBackend.gate("openai", ChatBackend.Role.PROVIDER);
    private final AnswerCheck check = new AnswerCheck(0.7, new SimpleMeterRegistry());
    private final BoostAggregationStrategy boost = new BoostAggregationStrategy();
    private final BlockingQueue<HttpServerResponse> responses = new LinkedBlockingQueue<>();
    private Vertx vertx;
    private int port;
    private Socket client;

    @BeforeAll
    void start() throws Exception {
        vertx = Vertx.vertx();
        port = vertx.createHttpServer().requestHandler(request -> responses.add(request.response()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .actualPort();
    }

    @AfterAll
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void hangUp() throws IOException {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void should_follow_the_first_branch_that_speaks_in_a_race_and_cancel_the_other() throws Exception {
        LiveStream live = connect();
        PlanRun run = run("race", live);
        BranchCall providerCall = started(run, PROVIDER);

        run.onPiece(LOCAL, "Par");
        run.onPiece(PROVIDER, "The capital");
        run.onPiece(LOCAL, "is");

        assertThat(live.started()).isTrue();
        assertThat(run.committed()).contains(LOCAL);
        assertThat(providerCall.end()).as("provider cancelled").isTrue();
        assertThat(run.hasNextRound()).isFalse();
        String stream = finish(live);
        assertThat(stream).contains("X-Tandem-Winner: ollama/m", "X-Tandem-Streamed: live",
                "X-Tandem-Strategy: race");
        assertThat(contents(stream)).containsExactly("", "Par", "is");
    }

    @Test
    void should_hold_back_the_local_pieces_of_a_hedge_and_stream_the_provider() throws Exception {
        LiveStream live = connect();
        PlanRun run = run("hedge", live);
        BranchCall localCall = started(run, LOCAL);

        run.onPiece(LOCAL, "Maybe");
        assertThat(run.committed()).isEmpty();
        assertThat(live.started()).isFalse();
        run.onPiece(PROVIDER, "Paris");

        assertThat(run.committed()).contains(PROVIDER);
        assertThat(localCall.end()).as("local cancelled").isTrue();
        String stream = finish(live);
        assertThat(stream).contains("X-Tandem-Winner: openai/m");
        assertThat(contents(stream)).containsExactly("", "Paris");
    }

    @Test
    void should_stream_the_local_pieces_held_so_far_once_the_provider_of_a_hedge_fails() throws Exception {
        LiveStream live = connect();
        PlanRun run = run("hedge", live);

        run.onPiece(LOCAL, "Par");
        run.finished(failed(PROVIDER, provider, 0, Kind.SERVER_ERROR));
        run.onPiece(LOCAL, "is");

        assertThat(run.committed()).contains(LOCAL);
        assertThat(contents(finish(live))).containsExactly("", "Par", "is");
    }

    @Test
    void should_not_stream_the_local_model_of_a_hedge_once_the_provider_has_answered() throws Exception {
        LiveStream live = connect();
        PlanRun run = run("hedge", live);
        run.finished(answered(PROVIDER, provider, 0, "Paris is the capital."));

        run.onPiece(LOCAL, "Maybe");

        assertThat(run.committed()).isEmpty();
        assertThat(live.started()).isFalse();
    }

    @Test
    void should_stream_the_local_model_of_a_hedge_at_once_when_no_provider_is_configured() throws Exception {
        LiveStream live = connect();
        PlanRun run = new PlanRun(null, Strategies.named("hedge"), local, null, List.of(LOCAL), null, live, check);

        run.onPiece(LOCAL, "Paris");

        assertThat(run.committed()).contains(LOCAL);
    }

    @Test
    void should_never_stream_an_unchecked_local_answer_when_local_first() throws Exception {
        LiveStream live = connect();
        PlanRun run = run("local-first", live);

        run.onPiece(LOCAL, "Maybe");
        assertThat(run.committed()).isEmpty();
        run.onPiece(PROVIDER, "Paris");

        assertThat(run.committed()).contains(PROVIDER);
    }

    @Test
    void should_stream_only_the_merge_when_fusing() throws Exception {
        LiveStream live = connect();
        PlanRun run = run("fuse", live);

        run.onPiece(LOCAL, "draft");
        run.onPiece(PROVIDER, "draft");
        assertThat(run.committed()).isEmpty();
        run.onPiece(MERGE, "Paris");

        assertThat(run.committed()).contains(MERGE);
        assertThat(contents(finish(live))).containsExactly("", "Paris");
    }

    @Test
    void should_stream_whichever_branch_runs_when_provider_first_or_direct() throws Exception {
        PlanRun providerFirst = run("provider-first", connect());
        providerFirst.onPiece(LOCAL, "fallback");
        assertThat(providerFirst.committed()).contains(LOCAL);
        hangUp();

        PlanRun direct = new PlanRun(null, new Direct(LOCAL), local, null, List.of(LOCAL), null, connect(),
                check);
        direct.onPiece(LOCAL, "Paris");
        assertThat(direct.committed()).contains(LOCAL);
    }

    @Test
    void should_not_start_a_stream_once_an_answer_was_chosen() throws Exception {
        LiveStream live = connect();
        PlanRun run = run("race", live);
        run.apply(Decision.win(answered(PROVIDER, provider, 0, "Paris."), "first valid answer"));

        run.onPiece(LOCAL, "late");

        assertThat(run.committed()).isEmpty();
        assertThat(live.started()).isFalse();
    }

    @Test
    void should_ignore_pieces_when_the_client_did_not_ask_for_a_stream() {
        PlanRun run = run("race", null);

        run.onPiece(LOCAL, "Paris");

        assertThat(run.committed()).isEmpty();
    }

    @Test
    void should_stop_every_call_when_the_client_goes_away() throws Exception {
        LiveStream live = connect();
        PlanRun run = run("hedge", live);
        BranchCall localCall = started(run, LOCAL);
        client.close();
        await().atMost(Duration.ofSeconds(30)).until(live::clientGone);

        run.onPiece(LOCAL, "Paris");

        assertThat(localCall.end()).isTrue();
        assertThat(run.hasNextRound()).isFalse();
    }

    @Test
    void should_ignore_other_branches_once_the_stream_follows_one() throws Exception {
        PlanRun run = run("race", connect());
        run.onPiece(LOCAL, "Par");

        arrive(run, answered(PROVIDER, provider, 0, "Paris."));
        roundEnds(run);

        assertThat(run.winner()).isEmpty();
        assertThat(run.hasNextRound()).isFalse();
        arrive(run, answered(LOCAL, local, 0, "Paris."));
        assertThat(run.winner()).get().extracting(w -> w.result().step()).isEqualTo(LOCAL);
    }

    @Test
    void should_give_up_without_a_fallback_when_the_streamed_branch_fails() throws Exception {
        PlanRun run = new PlanRun(null, Strategies.named("provider-first"), local, provider,
                List.of(PROVIDER), null, connect(), check);
        run.nextRound();
        run.onPiece(PROVIDER, "Par");
        BranchCall lateCall = started(run, LOCAL);

        arrive(run, failed(PROVIDER, provider, 0, Kind.CUT_OFF));
        roundEnds(run);

        assertThat(run.winner()).isEmpty();
        assertThat(run.hasNextRound()).as("no fallback round after a half-streamed answer").isFalse();
        assertThat(lateCall.end()).as("a call that started after the commit is cancelled").isTrue();
    }

    private PlanRun run(String strategy, LiveStream live) {
        return new PlanRun(null, Strategies.named(strategy), local, provider, List.of(LOCAL, PROVIDER), null, live,
                check);
    }

    private static BranchCall started(PlanRun run, String step) {
        BranchCall call = new BranchCall();
        run.started(step, call);
        return call;
    }

    private void arrive(PlanRun run, BranchResult result) {
        run.finished(result);
        var exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(PlanRun.PROPERTY, run);
        exchange.getMessage().setBody(result);
        boost.aggregate(null, exchange);
    }

    private void roundEnds(PlanRun run) {
        var exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(PlanRun.PROPERTY, run);
        boost.onCompletion(exchange, exchange);
    }

    /** A client asks for a stream; the test gets the server's side of it. */
    private LiveStream connect() throws Exception {
        client = new Socket("127.0.0.1", port);
        OutputStream out = client.getOutputStream();
        out.write("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        HttpServerResponse response = Optional.ofNullable(responses.poll(30, TimeUnit.SECONDS)).orElseThrow();
        return new LiveStream(response, "chatcmpl-1", 1, "tandem");
    }

    /** Ends the stream and returns everything the client received. */
    private String finish(LiveStream live) throws IOException {
        live.finish("stop", null, Map.of());
        client.setSoTimeout(30_000);
        StringBuilder received = new StringBuilder();
        byte[] buffer = new byte[8192];
        while (!received.toString().contains("[DONE]")) {
            int n = client.getInputStream().read(buffer);
            if (n < 0) {
                break;
            }
            received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return received.toString();
    }

    private static List<String> contents(String stream) {
        List<String> contents = new ArrayList<>();
        Matcher m = CONTENT.matcher(stream);
        while (m.find()) {
            contents.add(m.group(1));
        }
        return contents;
    }
}
