package dev.tandem.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A BEIR data set read from its three files: the corpus ({@code {_id, title, text}} per line), the queries
 * ({@code {_id, text}} per line) and the graded judgments (TSV {@code query-id corpus-id score} with a header).
 */
record BeirDataset(Map<String, Doc> corpus, Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {

    /** One corpus document. */
    record Doc(String id, String title, String text) {
    }

    static BeirDataset load(Path corpusFile, Path queriesFile, Path qrelsFile) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Doc> corpus = new LinkedHashMap<>();
        forEachLine(corpusFile, line -> {
            JsonNode node = json.readTree(line);
            String id = node.get("_id").asText();
            corpus.put(id, new Doc(id, node.path("title").asText(""), node.path("text").asText("")));
        });
        Map<String, String> queries = new LinkedHashMap<>();
        forEachLine(queriesFile, line -> {
            JsonNode node = json.readTree(line);
            queries.put(node.get("_id").asText(), node.get("text").asText());
        });
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(qrelsFile, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (f.length >= 3) {
                qrels.computeIfAbsent(f[0].strip(), q -> new LinkedHashMap<>()).put(f[1].strip(),
                        Integer.parseInt(f[2].strip()));
            }
        }
        qrels.keySet().retainAll(queries.keySet());
        return new BeirDataset(corpus, queries, qrels);
    }

    /** The ids of the queries that have judgments: the only ones evaluated. */
    List<String> judgedQueryIds() {
        return List.copyOf(qrels.keySet());
    }

    private interface LineHandler {
        void accept(String line) throws IOException;
    }

    private static void forEachLine(Path file, LineHandler handler) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    handler.accept(line);
                }
            }
        }
    }
}
