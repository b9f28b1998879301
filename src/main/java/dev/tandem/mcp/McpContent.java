package dev.tandem.mcp;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.Backends;
import dev.tandem.llm.ModelContext;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.camel.CamelContext;

/**
 * Tandem's MCP resources and prompts: each backend's {@link ModelContext} as {@code model://<id>} (also through the
 * template {@code model://{id}}), and prompts for answering from the documents, summarising one and playing turtle
 * soup, with completion of their arguments.
 */
final class McpContent {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL_SCHEME = "model://";

    private final CamelContext context;

    McpContent(CamelContext context) {
        this.context = context;
    }

    List<McpServerFeatures.SyncResourceSpecification> resources() {
        return backends().all().stream().map(gate -> new McpServerFeatures.SyncResourceSpecification(
                McpSchema.Resource.builder().uri(MODEL_SCHEME + gate.backend().id()).name(gate.backend().id())
                        .title("Model context of " + gate.backend().id()).mimeType("application/json")
                        .description("Identification, capabilities, inference settings, tokenizer and runtime state")
                        .build(),
                (exchange, request) -> read(request.uri()))).toList();
    }

    List<McpServerFeatures.SyncResourceTemplateSpecification> resourceTemplates() {
        return List.of(new McpServerFeatures.SyncResourceTemplateSpecification(
                McpSchema.ResourceTemplate.builder().uriTemplate(MODEL_SCHEME + "{id}").name("model")
                        .title("Model context").mimeType("application/json")
                        .description("The ModelContext of a backend, e.g. model://ollama/llama3.2").build(),
                (exchange, request) -> read(request.uri())));
    }

    List<McpServerFeatures.SyncPromptSpecification> prompts() {
        return List.of(
                new McpServerFeatures.SyncPromptSpecification(new McpSchema.Prompt("answer_from_documents",
                        "Answer from my documents", "Answer a question from the indexed documents, citing them",
                        List.of(new McpSchema.PromptArgument("question", "The question", true))),
                        (exchange, request) -> prompt("Answer from my documents", "Use the search_documents tool to"
                                + " find passages about the question below, answer only from them, cite each passage"
                                + " you use by its source, and say so when the documents do not answer it.\n\n"
                                + "Question: " + argument(request, "question"))),
                new McpServerFeatures.SyncPromptSpecification(new McpSchema.Prompt("summarize_document",
                        "Summarise a document", "Summarise one indexed document",
                        List.of(new McpSchema.PromptArgument("source", "The document's source path or S3 URI",
                                true))),
                        (exchange, request) -> prompt("Summarise a document", "Read the document with the"
                                + " get_document tool and summarise it in a few paragraphs with its key facts.\n\n"
                                + "Document: " + argument(request, "source"))),
                new McpServerFeatures.SyncPromptSpecification(new McpSchema.Prompt("play_turtle_soup",
                        "Play turtle soup", "Play a lateral-thinking puzzle against Tandem's host",
                        List.of(new McpSchema.PromptArgument("language", "Puzzle language, e.g. en or zh", false),
                                new McpSchema.PromptArgument("puzzle", "A puzzle id from turtle_soup_list_puzzles",
                                        false))),
                        (exchange, request) -> prompt("Play turtle soup", turtleSoup(request))));
    }

    /** The player's brief: the tools in the order a game uses them, and the rule that makes the game fun. */
    private static String turtleSoup(McpSchema.GetPromptRequest request) {
        String puzzle = optionalArgument(request, "puzzle");
        String language = optionalArgument(request, "language");
        String start = puzzle != null ? "the puzzle '" + puzzle + "'"
                : language != null ? "a random puzzle in '" + language + "'" : "a random puzzle";
        return "Let's play turtle soup, a lateral-thinking game. Start " + start + " with the turtle_soup_start tool"
                + " and show me the surface story. Then help me solve it: I ask yes/no questions, which you pass to"
                + " turtle_soup_ask (the host answers only yes, no or irrelevant); when I think I know what happened,"
                + " send my explanation with turtle_soup_guess. Use turtle_soup_hint only when I ask for a hint and"
                + " turtle_soup_give_up only when I give up. Never guess the hidden story for me, and show me the"
                + " score with turtle_soup_status at the end.";
    }

    private static String optionalArgument(McpSchema.GetPromptRequest request, String name) {
        Object value = request.arguments() == null ? null : request.arguments().get(name);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    List<McpServerFeatures.SyncCompletionSpecification> completions() {
        return List.of(new McpServerFeatures.SyncCompletionSpecification(
                new McpSchema.ResourceReference(MODEL_SCHEME + "{id}"),
                (exchange, request) -> {
                    String prefix = request.argument().value() == null ? "" : request.argument().value();
                    List<String> ids = backends().all().stream().map(g -> g.backend().id())
                            .filter(id -> id.startsWith(prefix)).toList();
                    return new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(ids,
                            ids.size(), false));
                }));
    }

    private McpSchema.ReadResourceResult read(String uri) {
        String id = uri.startsWith(MODEL_SCHEME) ? uri.substring(MODEL_SCHEME.length()) : "";
        BackendGate gate = backends().byId(id).orElseThrow(() -> McpError.builder(
                McpSchema.ErrorCodes.RESOURCE_NOT_FOUND).message("No model '" + id + "': resources/list names them.")
                .build());
        ModelContext model = ModelContext.of(gate.backend().describe(), gate.runtime());
        try {
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri,
                    "application/json", JSON.writeValueAsString(model))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A model context could not be written as JSON", e);
        }
    }

    private static McpSchema.GetPromptResult prompt(String description, String text) {
        return new McpSchema.GetPromptResult(description, List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
                new McpSchema.TextContent(text))));
    }

    private static String argument(McpSchema.GetPromptRequest request, String name) {
        Object value = request.arguments() == null ? null : request.arguments().get(name);
        if (value == null || value.toString().isBlank()) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("The prompt needs the argument '"
                    + name + "'.").build();
        }
        return value.toString();
    }

    private Backends backends() {
        return context.getRegistry().lookupByNameAndType("backends", Backends.class);
    }
}
