package dev.tandem.aws.cloudcontrol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.tool.ToolHeaders;
import dev.tandem.tool.ToolException;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import org.apache.camel.Exchange;
import software.amazon.awssdk.services.cloudcontrol.CloudControlClient;
import software.amazon.awssdk.services.cloudcontrol.model.ProgressEvent;

/**
 * {@code aws_create_resource}, {@code aws_update_resource} and {@code aws_delete_resource}: only when writes are
 * allowed, each with a confirmation token for exactly that change, in the region asked for. They answer with the
 * operation's request token and progress, after waiting up to {@code wait_seconds} (bounded) for it to finish.
 */
public final class ResourceWriteTools {

    /** What the write tools need besides the clients. */
    public record Settings(boolean writesAllowed, Map<String, String> defaultTags, Duration maxWait) {
    }

    private final AwsClients clients;
    private final ResourceSchemas schemas;
    private final ConfirmationTokens tokens;
    private final Settings settings;
    private final ProgressWait waiting;

    public ResourceWriteTools(AwsClients clients, ResourceSchemas schemas, ConfirmationTokens tokens,
            Settings settings, Duration pollInterval) {
        this.clients = clients;
        this.schemas = schemas;
        this.tokens = tokens;
        this.settings = settings;
        this.waiting = new ProgressWait(pollInterval);
    }

    public Map<String, Object> create(Exchange exchange) {
        CallArguments a = arguments(exchange);
        String type = a.typeName();
        String region = clients.region(a.optionalText("region"));
        Map<String, Object> desired = a.object("desired_state");
        tokens.verify(a.optionalText("confirmation_token").orElse(null),
                new ConfirmationTokens.Subject("create", region, type, null, desired), "aws_create_resource");
        Map<String, Object> tagged = withDefaultTags(schemas.schema(region, type), desired);
        CloudControlClient client = clients.in(region).cloudControl();
        ProgressEvent started = AwsCalls.run(() -> client.createResource(r -> r.typeName(type)
                .desiredState(Json.write(tagged))).progressEvent());
        return answer(exchange, a, region, client, started);
    }

    public Map<String, Object> update(Exchange exchange) {
        CallArguments a = arguments(exchange);
        String type = a.typeName();
        String region = clients.region(a.optionalText("region"));
        String identifier = a.text("identifier");
        PatchDocument patch = new PatchDocument(a.objects("patch_document"));
        tokens.verify(a.optionalText("confirmation_token").orElse(null),
                new ConfirmationTokens.Subject("update", region, type, identifier, patch.operations()),
                "aws_update_resource");
        patch.validate(schemas.schema(region, type));
        CloudControlClient client = clients.in(region).cloudControl();
        ProgressEvent started = AwsCalls.run(() -> client.updateResource(r -> r.typeName(type).identifier(identifier)
                .patchDocument(Json.write(patch.operations()))).progressEvent());
        return answer(exchange, a, region, client, started);
    }

    public Map<String, Object> delete(Exchange exchange) {
        CallArguments a = arguments(exchange);
        String type = a.typeName();
        String region = clients.region(a.optionalText("region"));
        String identifier = a.text("identifier");
        tokens.verify(a.optionalText("confirmation_token").orElse(null),
                new ConfirmationTokens.Subject("delete", region, type, identifier, null), "aws_delete_resource");
        CloudControlClient client = clients.in(region).cloudControl();
        ProgressEvent started = AwsCalls.run(() -> client.deleteResource(r -> r.typeName(type)
                .identifier(identifier)).progressEvent());
        return answer(exchange, a, region, client, started);
    }

    /** Refuses first, so a write route called past the catalog in read-only mode does nothing. */
    @SuppressWarnings("unchecked")
    private CallArguments arguments(Exchange exchange) {
        if (!settings.writesAllowed()) {
            throw new ToolException("Tandem's AWS tools are read-only (TANDEM_AWS_ALLOW_WRITE=true allows writes).");
        }
        return new CallArguments(exchange.getMessage().getBody(Map.class));
    }

    private Map<String, Object> answer(Exchange exchange, CallArguments a, String region, CloudControlClient client,
            ProgressEvent started) {
        int waitSeconds = a.integer("wait_seconds", 0, 0, (int) settings.maxWait().toSeconds());
        ProgressEvent last = waitSeconds == 0 ? started : waiting.await(client, started,
                Duration.ofSeconds(waitSeconds), exchange.getMessage().getHeader(ToolHeaders.MCP_EXCHANGE,
                        McpSyncServerExchange.class), exchange.getMessage().getHeader(ToolHeaders.PROGRESS_TOKEN));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("region", region);
        result.put("finished", ProgressEvents.finished(last));
        result.put("progress", ProgressEvents.describe(last));
        return result;
    }

    /** The configured tags the caller did not set, in the shape the type's schema uses; untaggable types as given. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> withDefaultTags(TypeSchema schema, Map<String, Object> desired) {
        String property = schema.tagProperty();
        if (property == null || settings.defaultTags().isEmpty()) {
            return desired;
        }
        Map<String, Object> tagged = new LinkedHashMap<>(desired);
        if (schema.tagsAsObject(property)) {
            Map<String, Object> tags = new LinkedHashMap<>(settings.defaultTags());
            if (desired.get(property) instanceof Map<?, ?> own) {
                tags.putAll((Map<String, Object>) own);
            }
            tagged.put(property, tags);
        } else {
            List<Object> tags = desired.get(property) instanceof List<?> own ? new ArrayList<>(own) : new ArrayList<>();
            settings.defaultTags().forEach((key, value) -> {
                if (tags.stream().noneMatch(t -> t instanceof Map<?, ?> m && key.equals(m.get("Key")))) {
                    tags.add(Map.of("Key", key, "Value", value));
                }
            });
            tagged.put(property, tags);
        }
        return tagged;
    }
}
