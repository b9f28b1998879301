package dev.tandem.search;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tandem.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for an answer of Elasticsearch at most the search timeout. When none comes in time, or Elasticsearch cannot be
 * reached, the caller gets a 503 saying that search is down for now, which is what it can act on, and the cause is
 * logged; a request Elasticsearch refused fails with the client's own exception. A call given up on is cancelled.
 */
final class SearchDeadline {

    static final String SEARCH_DOWN = "Elasticsearch cannot be reached, so search is down for now; try again when it"
            + " is back (GET /observe/health tells).";
    static final String SEARCH_STALLED = "Elasticsearch did not answer in time (TANDEM_ES_SEARCH_TIMEOUT_MS), so search"
            + " is down for now; try again when it is back (GET /observe/health tells).";
    private static final Logger LOG = LoggerFactory.getLogger(SearchDeadline.class);

    private final Duration timeout;

    SearchDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    <T> T answer(CompletableFuture<T> pending) throws IOException {
        try {
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            LOG.warn("Elasticsearch did not answer a search within {} ms", timeout.toMillis());
            throw new ApiException(503, "server_error", "search_unavailable", SEARCH_STALLED);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for Elasticsearch");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) {
                LOG.warn("Elasticsearch did not answer a search: {}", failure.toString());
                throw new ApiException(503, "server_error", "search_unavailable", SEARCH_DOWN);
            }
            if (e.getCause() instanceof RuntimeException refused) {
                throw refused;
            }
            throw new IllegalStateException("Elasticsearch search failed", e.getCause());
        }
    }
}
