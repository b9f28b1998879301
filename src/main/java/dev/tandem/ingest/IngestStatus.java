package dev.tandem.ingest;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.tandem.config.Secrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what ingestion did, for {@code GET /api/ingest/status} (with the watched folders' states), the progress log
 * and the metrics.
 */
public final class IngestStatus {

    private static final Logger LOG = LoggerFactory.getLogger(IngestStatus.class);
    private static final long RATE_WINDOW_MILLIS = 30_000;
    private static final int FAILURES_KEPT = 20;

    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong pollTotal = new AtomicLong();
    private final Counter indexedCounter;
    private final Counter unchangedCounter;
    private final Counter failedCounter;
    private final Counter chunkCounter;
    private final Counter rejectedCounter;
    private final Counter internalCounter;
    /** (time, documents done, chunks) samples for the current rate. */
    private final Deque<long[]> samples = new ArrayDeque<>();
    /** The last failures, newest first, with their reasons: what the console shows beside the counts. */
    private final Deque<Map<String, String>> recentFailures = new ArrayDeque<>();
    private final WatchedFolders folders;
    private long lastLoggedDone = -1;

    public IngestStatus(MeterRegistry registry, WatchedFolders folders) {
        this.folders = folders;
        indexedCounter = Counter.builder("tandem.ingest.documents").tag("outcome", "indexed")
                .description("Documents ingested").register(registry);
        unchangedCounter = Counter.builder("tandem.ingest.documents").tag("outcome", "unchanged")
                .description("Documents ingested").register(registry);
        failedCounter = Counter.builder("tandem.ingest.documents").tag("outcome", "failed")
                .description("Documents ingested").register(registry);
        chunkCounter = Counter.builder("tandem.ingest.chunks").description("Chunks indexed").register(registry);
        rejectedCounter = Counter.builder("tandem.ingest.errors").tag("kind", "rejected")
                .description("Ingestion errors: rejected documents, internal errors (bugs)").register(registry);
        internalCounter = Counter.builder("tandem.ingest.errors").tag("kind", "internal")
                .description("Ingestion errors: rejected documents, internal errors (bugs)").register(registry);
    }

    /** A source entered the pipeline; {@code batchSize} is the size of the poll it came with, when known. */
    public void seen(@ExchangeProperty("CamelBatchIndex") Integer batchIndex,
            @ExchangeProperty("CamelBatchSize") Integer batchSize) {
        seen.incrementAndGet();
        if (batchIndex != null && batchIndex == 0 && batchSize != null) {
            pollTotal.addAndGet(batchSize);
        }
    }

    public void indexed(@ExchangeProperty(IngestProperties.VECTOR_DOCUMENTS) List<VectorDocument> documents) {
        indexed.incrementAndGet();
        chunks.addAndGet(documents.size());
        indexedCounter.increment();
        chunkCounter.increment(documents.size());
    }

    public void unchanged() {
        unchanged.incrementAndGet();
        unchangedCounter.increment();
    }

    /** A document went to {@code .failed}: rejected, or given up after internal errors; why, for the status. */
    public void failed(boolean rejected, String source, String reason) {
        synchronized (recentFailures) {
            if (recentFailures.size() == FAILURES_KEPT) {
                recentFailures.removeLast();
            }
            recentFailures.addFirst(Map.of("source", String.valueOf(source), "reason",
                    Secrets.maskText(String.valueOf(reason)), "at", Instant.now().toString()));
        }
        failed.incrementAndGet();
        failedCounter.increment();
        if (rejected) {
            rejectedCounter.increment();
        }
    }

    /** A bug stopped a document; counted at each attempt. */
    public void internalError() {
        internalCounter.increment();
    }

    public long done() {
        return indexed.get() + unchanged.get() + failed.get();
    }

    /** Logs progress when something happened since the last call: done / total, and the current rate. */
    public synchronized void logProgress() {
        Map<String, Object> s = counts();
        long done = done();
        if (done == lastLoggedDone) {
            return;
        }
        lastLoggedDone = done;
        LOG.info("Ingested {}/{} documents ({} indexed, {} unchanged, {} failed), {} chunks; now {} documents/s, {} chunks/s",
                done, Math.max(pollTotal.get(), seen.get()), indexed.get(), unchanged.get(), failed.get(),
                chunks.get(), s.get("documents_per_second"), s.get("chunks_per_second"));
    }

    /** The counts, the rates and the last failures, with the watched folders' states. */
    public synchronized Map<String, Object> snapshot() {
        Map<String, Object> s = counts();
        s.put("folders", folders.states());
        return s;
    }

    /** The counts, the rates and the last failures: what the progress log needs. */
    private Map<String, Object> counts() {
        long now = System.currentTimeMillis();
        samples.addLast(new long[] {now, done(), chunks.get()});
        while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW_MILLIS) {
            samples.removeFirst();
        }
        long[] first = samples.peekFirst();
        double seconds = Math.max(1, now - first[0]) / 1000.0;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("seen", seen.get());
        s.put("indexed", indexed.get());
        s.put("unchanged", unchanged.get());
        s.put("failed", failed.get());
        s.put("in_progress", seen.get() - done());
        s.put("chunks", chunks.get());
        s.put("documents_per_second", round((done() - first[1]) / seconds));
        s.put("chunks_per_second", round((chunks.get() - first[2]) / seconds));
        synchronized (recentFailures) {
            s.put("recent_failures", List.copyOf(recentFailures));
        }
        return s;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
