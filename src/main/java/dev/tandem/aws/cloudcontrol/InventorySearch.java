package dev.tandem.aws.cloudcontrol;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.tandem.tool.ToolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code aws_inventory_search}: the inventory index by full text and filters (type, region, property values). */
public final class InventorySearch {

    private static final Logger LOG = LoggerFactory.getLogger(InventorySearch.class);

    private final InventoryIndex index;

    public InventorySearch(InventoryIndex index) {
        this.index = index;
    }

    public Map<String, Object> search(Map<String, Object> arguments) throws IOException {
        CallArguments a = new CallArguments(arguments);
        List<String> pairs = a.optionalObject("properties").orElse(Map.of()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        String type = a.optionalText("type_name").map(t -> a.typeName()).orElse(null);
        try {
            index.ensureExists();
            return Map.of("resources", index.search(a.optionalText("query").orElse(null), type,
                    a.optionalText("region").orElse(null), pairs, a.flag("include_deleted"),
                    a.integer("limit", 20, 1, 200)));
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            throw new ToolException("The inventory index could not be searched: " + e.getMessage());
        } catch (IOException e) {
            LOG.warn("The inventory index could not be searched", e);
            throw new ToolException(503, "Elasticsearch cannot be reached; try again when it is back.");
        }
    }
}
