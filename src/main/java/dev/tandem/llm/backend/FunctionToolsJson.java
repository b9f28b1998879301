package dev.tandem.llm.backend;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.tandem.json.BoundedCache;
import dev.tandem.json.SameInstance;
import dev.tandem.llm.ToolSpec;

/**
 * The {@code tools} array of OpenAI's and Ollama's chat APIs (one shape, {@code {type: function, function: {name,
 * description, parameters}}}), as JSON text to put into a request. The request reader hands every request that sends
 * the same tools the same list, so a list's text is written once and kept: twenty schemas written anew for each
 * backend of each request were the largest cost tools added to a request.
 */
public final class FunctionToolsJson {

    /** Lists by identity: hashing twenty schemas by content would cost about what writing them costs. */
    private static final BoundedCache<SameInstance<List<ToolSpec>>, RawValue> WRITTEN = new BoundedCache<>(64);

    private FunctionToolsJson() {
    }

    /** The text of {@code tools}, a list the request reader shared (it is kept). */
    public static RawValue shared(List<ToolSpec> tools) {
        return WRITTEN.get(new SameInstance<>(tools), same -> same, same -> written(same.value()));
    }

    /** The text of a list made for one request (not kept). */
    public static RawValue written(List<ToolSpec> tools) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (ToolSpec tool : tools) {
            ObjectNode function = array.addObject().put("type", "function").putObject("function")
                    .put("name", tool.name());
            if (tool.description() != null) {
                function.put("description", tool.description());
            }
            function.set("parameters", tool.parameters());
        }
        return new RawValue(array.toString());
    }
}
