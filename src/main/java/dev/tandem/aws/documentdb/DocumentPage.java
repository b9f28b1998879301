package dev.tandem.aws.documentdb;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One page of documents (relaxed Extended JSON) and, when more follow, the cursor of the next page. */
public record DocumentPage(String database, String collection, List<Map<String, Object>> documents,
        @JsonProperty("next_cursor") String nextCursor) {
}
