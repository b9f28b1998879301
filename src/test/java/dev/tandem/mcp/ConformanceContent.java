package dev.tandem.mcp;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;

/** The resources, resource template and prompts the MCP conformance suite reads, as its scenarios expect them. */
final class ConformanceContent {

    private static final Pattern TEMPLATE_ID = Pattern.compile("test://template/(.+)/data");

    private ConformanceContent() {
    }

    static List<SyncResourceSpecification> resources() {
        return List.of(
                resource("test://static-text", "text/plain", "A static text resource",
                        new McpSchema.TextResourceContents("test://static-text", "text/plain",
                                "This is the content of the static text resource.")),
                resource("test://static-binary", "image/png", "A static binary resource",
                        new McpSchema.BlobResourceContents("test://static-binary", "image/png",
                                ConformanceTools.PNG)),
                resource("test://watched-resource", "text/plain", "A resource clients subscribe to",
                        new McpSchema.TextResourceContents("test://watched-resource", "text/plain",
                                "Watched resource content")));
    }

    static SyncResourceTemplateSpecification template() {
        return new SyncResourceTemplateSpecification(new McpSchema.ResourceTemplate("test://template/{id}/data",
                "template", null, "Data for an id", "application/json", null), (exchange, request) -> {
                    Matcher id = TEMPLATE_ID.matcher(request.uri());
                    String value = id.matches() ? id.group(1) : "";
                    return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(request.uri(),
                            "application/json", "{\"id\":\"" + value + "\",\"templateTest\":true,"
                                    + "\"data\":\"Data for ID: " + value + "\"}")));
                });
    }

    static List<SyncPromptSpecification> prompts() {
        return List.of(
                new SyncPromptSpecification(new McpSchema.Prompt("test_simple_prompt", "A prompt without arguments",
                        List.of()), (exchange, request) -> prompt(text("This is a simple prompt for testing."))),
                new SyncPromptSpecification(new McpSchema.Prompt("test_prompt_with_arguments", "A prompt with two"
                        + " arguments", List.of(new McpSchema.PromptArgument("arg1", "First test argument", true),
                                new McpSchema.PromptArgument("arg2", "Second test argument", true))),
                        (exchange, request) -> prompt(text("Prompt with arguments: arg1='"
                                + request.arguments().get("arg1") + "', arg2='" + request.arguments().get("arg2")
                                + "'"))),
                new SyncPromptSpecification(new McpSchema.Prompt("test_prompt_with_embedded_resource", "A prompt"
                        + " embedding a resource", List.of(new McpSchema.PromptArgument("resourceUri",
                                "URI of the resource to embed", true))),
                        (exchange, request) -> prompt(new McpSchema.EmbeddedResource(null,
                                new McpSchema.TextResourceContents((String) request.arguments().get("resourceUri"),
                                        "text/plain", "Embedded resource content for testing.")),
                                text("Please process the embedded resource above."))),
                new SyncPromptSpecification(new McpSchema.Prompt("test_prompt_with_image", "A prompt with an image",
                        List.of()), (exchange, request) -> prompt(new McpSchema.ImageContent(null,
                                ConformanceTools.PNG, "image/png"), text("Please analyze the image above."))));
    }

    private static SyncResourceSpecification resource(String uri, String mimeType, String description,
            McpSchema.ResourceContents contents) {
        return new SyncResourceSpecification(McpSchema.Resource.builder().uri(uri).name(uri).description(description)
                .mimeType(mimeType).build(),
                (exchange, request) -> new McpSchema.ReadResourceResult(List.of(contents)));
    }

    private static McpSchema.GetPromptResult prompt(McpSchema.Content... contents) {
        return new McpSchema.GetPromptResult(null, List.of(contents).stream()
                .map(content -> new PromptMessage(Role.USER, content)).toList());
    }

    private static McpSchema.TextContent text(String text) {
        return new McpSchema.TextContent(text);
    }
}
