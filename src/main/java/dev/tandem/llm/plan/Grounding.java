package dev.tandem.llm.plan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.tandem.ingest.Embedder;
import dev.tandem.llm.PlanStep;
import dev.tandem.search.HybridSearch;
import dev.tandem.search.SearchQuery;
import dev.tandem.search.SearchResult;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrieves the passages a request's answer is grounded in: a hybrid search for the last user message, keeping the
 * hits that share a word with it (Elasticsearch highlighted them), since vector search always returns something.
 * A search failure degrades the answer to one without context; it does not fail the request. The search is looked
 * up at the first request, so the configuration that builds it may run before or after the one that builds this.
 */
public final class Grounding {

    private static final Logger LOG = LoggerFactory.getLogger(Grounding.class);

    private final Supplier<HybridSearch> lookup;
    private volatile HybridSearch search;

    public Grounding(Supplier<HybridSearch> lookup) {
        this.lookup = lookup;
    }

    public void retrieve(Exchange exchange) {
        PlanRun run = exchange.getProperty(PlanRun.PROPERTY, PlanRun.class);
        CompletionRequest request = run.request();
        long start = run.elapsedMs();
        String question = request.question().strip();
        if (!request.retrieve() || request.k() == 0) {
            run.note(new PlanStep("retrieve", null, start, 0, "skipped", "the request opted out of document context"));
            return;
        }
        if (!Embedder.hasWords(question)) {
            // nothing a search could match: not a failure of the search, and not an answer without its context
            run.note(new PlanStep("retrieve", null, start, 0, "skipped", "the question has no words to search for"));
            return;
        }
        try {
            SearchResult result = search().search(new SearchQuery(truncate(question), SearchQuery.Mode.HYBRID,
                    request.k()));
            List<Passage> passages = new ArrayList<>();
            for (SearchResult.Hit hit : result.hits()) {
                if (hit.highlight() != null) {
                    passages.add(new Passage(passages.size() + 1, hit.source(), hit.title(), hit.text(), hit.score()));
                }
            }
            run.grounded(passages, new PlanStep("retrieve", null, start, run.elapsedMs() - start,
                    passages.isEmpty() ? "skipped" : "ok",
                    passages.isEmpty() ? "no relevant passage found" : passages.size() + " passages"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Document search failed; answering without context: {}", e.getMessage());
            run.degrade("no_context");
            run.note(new PlanStep("retrieve", null, start, run.elapsedMs() - start, "failed",
                    "document search is unavailable; answered without context"));
        }
    }

    private HybridSearch search() {
        HybridSearch found = search;
        if (found == null) {
            found = Objects.requireNonNull(lookup.get(), "no document search is configured");
            search = found;
        }
        return found;
    }

    private static String truncate(String question) {
        return question.length() > 4096 ? question.substring(question.length() - 4096) : question;
    }
}
