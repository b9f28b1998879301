package dev.tandem.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.Embedder;
import dev.tandem.ingest.EmbeddingModels;

/**
 * The ingestion benchmark's baseline, in a process of its own: the embedding model alone embeds the passages the
 * benchmark prepared (a JSON list of documents, each a list of passages), document by document as the pipeline calls
 * it, warm. It prints one line, {@code RESULT {json}}: chunks, seconds, this process's CPU seconds while embedding and
 * its resident memory at the end.
 *
 * <p>Arguments: {@code <passages.json> <model> <warm-up documents>}.
 */
public final class IngestionRawModel {

    private IngestionRawModel() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<List<String>> documents = json.readValue(Path.of(args[0]).toFile(), new TypeReference<>() { });
        Embedder embedder = EmbeddingModels.create(args[1]);
        for (List<String> passages : documents.subList(0, Math.min(Integer.parseInt(args[2]), documents.size()))) {
            embedder.embedPassages(passages);
        }
        long pid = ProcessHandle.current().pid();
        IngestionCpuAccounting.Sample before = IngestionCpuAccounting.sample(pid);
        long start = System.nanoTime();
        for (List<String> passages : documents) {
            embedder.embedPassages(passages);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        IngestionCpuAccounting.Sample cpu = IngestionCpuAccounting.sample(pid).minus(before);
        System.out.println("raw cpu: " + cpu.describe(4));
        System.out.println("RESULT " + json.writeValueAsString(Map.of(
                "chunks", documents.stream().mapToInt(List::size).sum(),
                "seconds", seconds,
                "cpuSeconds", cpu.process(),
                "rssKiB", IngestionCpuAccounting.rssKiB(pid))));
        // onnxruntime leaves non-daemon threads behind
        System.exit(0);
    }
}
