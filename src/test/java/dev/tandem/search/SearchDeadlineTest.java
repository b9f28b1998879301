package dev.tandem.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.tandem.http.ApiException;
import org.junit.jupiter.api.Test;

/** What a search caller sees of Elasticsearch's answer, its silence or its failure. */
class SearchDeadlineTest {

    private final SearchDeadline deadline = new SearchDeadline(Duration.ofMillis(200));

    @Test
    void should_give_the_answer_that_came_in_time() throws Exception {
        assertThat(deadline.answer(CompletableFuture.completedFuture("the hits"))).isEqualTo("the hits");
    }

    @Test
    void should_answer_503_and_give_up_the_call_when_elasticsearch_does_not_answer_in_time() {
        CompletableFuture<String> stalled = new CompletableFuture<>();

        assertThatThrownBy(() -> deadline.answer(stalled))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("search_unavailable");
                })
                .hasMessageContaining("did not answer in time (TANDEM_ES_SEARCH_TIMEOUT_MS)");
        assertThat(stalled).as("the call given up on").isCancelled();
    }

    @Test
    void should_answer_503_when_elasticsearch_cannot_be_reached() {
        CompletableFuture<String> unreachable = CompletableFuture.failedFuture(
                new ConnectException("Connection refused"));

        assertThatThrownBy(() -> deadline.answer(unreachable))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("Elasticsearch cannot be reached, so search is down for now");
    }

    @Test
    void should_pass_on_the_failure_of_a_request_elasticsearch_refused() {
        IllegalArgumentException refusal = new IllegalArgumentException("[knn] field [vector] does not exist");

        assertThatThrownBy(() -> deadline.answer(CompletableFuture.failedFuture(refusal))).isSameAs(refusal);
    }

    @Test
    void should_stop_waiting_give_up_the_call_and_keep_the_interrupt_when_interrupted() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> deadline.answer(pending)).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt, kept for the caller").isTrue();
            assertThat(pending).as("the call given up on").isCancelled();
        } finally {
            Thread.interrupted();
        }
    }
}
