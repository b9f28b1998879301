package dev.tandem.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.tool.ToolDescriptor;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The tools Tandem serves, found at start-up: every {@code mcp-tools/*.json} descriptor on the classpath, each of which
 * must have its {@code direct:tool-<name>} route (checked once the routes are up). Adding a tool means adding a
 * route and its descriptor, nothing else. {@code offered} decides which descriptors a profile serves (write tools
 * only when writes are allowed, test fixtures only in the test profile).
 */
public final class ToolCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ToolDescriptor> tools;

    private ToolCatalog(Map<String, ToolDescriptor> tools) {
        this.tools = tools;
    }

    public static ToolCatalog load(CamelContext context, String pattern, Predicate<ToolDescriptor> offered)
            throws Exception {
        Map<String, ToolDescriptor> tools = new TreeMap<>();
        Collection<Resource> resources = PluginHelper.getPackageScanResourceResolver(context).findResources(pattern);
        for (Resource resource : resources) {
            ToolDescriptor tool = read(resource);
            String problem = tool.problem();
            if (problem != null) {
                throw new IllegalStateException("Tool descriptor " + resource.getLocation() + ": " + problem);
            }
            if (offered.test(tool) && tools.put(tool.name(), tool) != null) {
                throw new IllegalStateException("Two descriptors declare the tool '" + tool.name() + "'");
            }
        }
        return new ToolCatalog(tools);
    }

    private static ToolDescriptor read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return JSON.readValue(in, ToolDescriptor.class);
        }
    }

    public List<ToolDescriptor> all() {
        return List.copyOf(tools.values());
    }

    public Optional<ToolDescriptor> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** Every served tool must have its route: a descriptor without one would fail only when called. */
    public void verifyRoutes(CamelContext context) {
        List<String> missing = new ArrayList<>();
        tools.values().forEach(t -> {
            if (context.getRoute("tool-" + t.name()) == null) {
                missing.add(t.name());
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Tool descriptors without a route: " + String.join(", ", missing)
                    + ". Each mcp-tools/<name>.json needs a route that consumes direct:tool-<name>.");
        }
    }
}
