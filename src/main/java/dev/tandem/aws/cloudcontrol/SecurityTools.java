package dev.tandem.aws.cloudcontrol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.tool.ToolException;

/**
 * {@code aws_check_resource_security}: judges the state a create or update would lead to against
 * {@link SecurityRules}, explains each finding, and issues the confirmation token the write needs for exactly that
 * change. An update is judged on the current state with the patch applied; a delete only gets its token.
 */
public final class SecurityTools {

    private final AwsClients clients;
    private final ResourceSchemas schemas;
    private final ConfirmationTokens tokens;

    public SecurityTools(AwsClients clients, ResourceSchemas schemas, ConfirmationTokens tokens) {
        this.clients = clients;
        this.schemas = schemas;
        this.tokens = tokens;
    }

    public Map<String, Object> check(Map<String, Object> arguments) {
        CallArguments a = new CallArguments(arguments);
        String type = a.typeName();
        String region = clients.region(a.optionalText("region"));
        String operation = a.optionalText("operation").orElse("create");
        ConfirmationTokens.Subject subject;
        List<Finding> findings;
        switch (operation) {
            case "create" -> {
                Map<String, Object> desired = a.object("desired_state");
                subject = new ConfirmationTokens.Subject(operation, region, type, null, desired);
                findings = SecurityRules.evaluate(type, desired);
            }
            case "update" -> {
                String identifier = a.text("identifier");
                PatchDocument patch = new PatchDocument(a.objects("patch_document"));
                patch.validate(schemas.schema(region, type));
                subject = new ConfirmationTokens.Subject(operation, region, type, identifier, patch.operations());
                findings = SecurityRules.evaluate(type, patch.applyTo(current(region, type, identifier)));
            }
            case "delete" -> {
                subject = new ConfirmationTokens.Subject(operation, region, type, a.text("identifier"), null);
                findings = List.of();
            }
            default -> throw new ToolException("'operation' must be create, update or delete.");
        }
        String token = tokens.issue(subject);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("type_name", type);
        result.put("region", region);
        result.put("operation", operation);
        result.put("identifier", subject.identifier());
        result.put("passed", findings.stream().noneMatch(f -> "HIGH".equals(f.severity())));
        result.put("findings", findings);
        result.put("confirmation_token", token);
        result.put("expires_at", tokens.expiry(token).toString());
        return result;
    }

    private Map<String, Object> current(String region, String type, String identifier) {
        return Json.object(AwsCalls.run(() -> clients.in(region).cloudControl()
                .getResource(r -> r.typeName(type).identifier(identifier))).resourceDescription().properties());
    }
}
