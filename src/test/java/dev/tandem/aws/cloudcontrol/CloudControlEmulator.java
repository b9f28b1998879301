package dev.tandem.aws.cloudcontrol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.Violations;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * AWS on 127.0.0.1 for the real SDK clients: Cloud Control (JSON 1.0, {@code X-Amz-Target: CloudApiService.*}),
 * CloudFormation {@code DescribeType} and STS {@code GetCallerIdentity} (query protocol, XML answers). Resource
 * schemas and handlers come from {@code ../shared/data/aws-cfn-resource-schemas}; state is kept per region, the
 * region read from the request's SigV4 credential scope. Writes finish at once but answer IN_PROGRESS first, as
 * AWS does; types without handlers answer UnsupportedActionException.
 */
final class CloudControlEmulator implements AutoCloseable {

    static final Path SCHEMAS = Path.of("..", "shared", "data", "aws-cfn-resource-schemas", "schemas");
    static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d+/([^/]+)/");

    /** One request as received: region, operation (Cloud Control target or query Action) and JSON body if any. */
    record Call(String region, String operation, Map<String, Object> body) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, Map<String, Object>> schemas = new HashMap<>();
    private final Map<String, Map<String, Map<String, Map<String, Object>>>> resources = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttled = new ConcurrentHashMap<>();
    private final Map<String, String> deniedTypes = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final ResourceSchemaCheck schemaCheck = new ResourceSchemaCheck();
    private final Violations violations = new Violations();
    private volatile boolean recording = true;
    private HttpServer server;

    static CloudControlEmulator start() {
        CloudControlEmulator emulator = new CloudControlEmulator();
        emulator.loadSchemas();
        emulator.server = emulator.vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(emulator::receive);
        emulator.server.listen().toCompletionStage().toCompletableFuture().join();
        return emulator;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    /** Puts a resource in place, as if it had been created in that region earlier. */
    void seed(String region, String type, String identifier, Map<String, Object> properties) {
        resources.computeIfAbsent(region, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(type, t -> new LinkedHashMap<>()).put(identifier, new LinkedHashMap<>(properties));
    }

    void remove(String region, String type, String identifier) {
        resources.getOrDefault(region, Map.of()).getOrDefault(type, new LinkedHashMap<>()).remove(identifier);
    }

    Map<String, Object> stored(String region, String type, String identifier) {
        return resources.getOrDefault(region, Map.of()).getOrDefault(type, Map.of()).get(identifier);
    }

    /** The next {@code times} ListResources calls for this type answer ThrottlingException. */
    void throttle(String type, int times) {
        throttled.put(type, new AtomicInteger(times));
    }

    /** Every call for this type is refused, as for a type the caller's role may not list. */
    void deny(String type) {
        deniedTypes.put(type, "User is not authorized to perform cloudformation:ListResources on " + type);
    }

    /**
     * Desired states and patches Cloud Control would reject (answered as it does, with a ValidationException); a
     * test's teardown asserts there are none.
     */
    Violations violations() {
        return violations;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    long count(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).count();
    }

    /** Benchmarks turn the request log off, so it measures Tandem and not the log. */
    void recordCalls(boolean on) {
        recording = on;
    }

    void reset() {
        calls.clear();
        resources.clear();
        requests.clear();
        throttled.clear();
        deniedTypes.clear();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private void loadSchemas() {
        try (var files = Files.list(SCHEMAS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                Map<String, Object> schema = JSON.readValue(file.toFile(), new TypeReference<>() { });
                schemas.put((String) schema.get("typeName"), schema);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The schemas are read from " + SCHEMAS.toAbsolutePath(), e);
        }
    }

    private void receive(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            String region = region(request.getHeader("Authorization"));
            String target = request.getHeader("X-Amz-Target");
            try {
                if (target != null && target.startsWith("CloudApiService.")) {
                    String operation = target.substring("CloudApiService.".length());
                    Map<String, Object> body = JSON.readValue(buffer.getBytes(), new TypeReference<>() { });
                    record(new Call(region, operation, body));
                    Object answer = cloudControl(region, operation, body);
                    request.response().putHeader("Content-Type", "application/x-amz-json-1.0")
                            .end(JSON.writeValueAsString(answer));
                } else {
                    Map<String, String> form = form(buffer.toString(StandardCharsets.UTF_8));
                    record(new Call(region, form.get("Action"), Map.copyOf(form)));
                    request.response().putHeader("Content-Type", "text/xml").end(query(form));
                }
            } catch (AwsError e) {
                String body = target != null
                        ? "{\"__type\":\"" + e.code + "\",\"message\":" + quoted(e.getMessage()) + "}"
                        : "<ErrorResponse><Error><Type>Sender</Type><Code>" + e.code + "</Code><Message>"
                                + xml(e.getMessage()) + "</Message></Error><RequestId>r</RequestId></ErrorResponse>";
                request.response().setStatusCode(400).putHeader("Content-Type", target != null
                        ? "application/x-amz-json-1.0" : "text/xml").end(body);
            } catch (IOException e) {
                request.response().setStatusCode(500).end();
            }
        });
    }

    private void record(Call call) {
        if (recording) {
            calls.add(call);
        }
    }

    private static final class AwsError extends RuntimeException {
        final String code;

        AwsError(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private Object cloudControl(String region, String operation, Map<String, Object> body) throws IOException {
        if ("GetResourceRequestStatus".equals(operation)) {
            return Map.of("ProgressEvent", finished(request((String) body.get("RequestToken"))));
        }
        return switch (operation) {
            case "ListResources" -> list(region, body);
            case "GetResource" -> get(region, body);
            case "CreateResource" -> create(region, body);
            case "UpdateResource" -> update(region, body);
            case "DeleteResource" -> delete(region, body);
            case "ListResourceRequests" -> Map.of("ResourceRequestStatusSummaries", requests.values().stream()
                    .filter(r -> region.equals(r.get("_region"))).map(this::finished).toList());
            default -> throw new AwsError("UnknownOperationException", operation);
        };
    }

    private Map<String, Object> list(String region, Map<String, Object> body) throws IOException {
        String type = (String) body.get("TypeName");
        handler(type, "list");
        AtomicInteger throttles = throttled.get(type);
        if (throttles != null && throttles.getAndDecrement() > 0) {
            throw new AwsError("ThrottlingException", "Rate exceeded");
        }
        Map<String, Object> filter = body.get("ResourceModel") == null ? Map.of()
                : JSON.readValue((String) body.get("ResourceModel"), new TypeReference<Map<String, Object>>() { });
        List<Map.Entry<String, Map<String, Object>>> all = new ArrayList<>(resources.getOrDefault(region, Map.of())
                .getOrDefault(type, Map.of()).entrySet());
        all.removeIf(e -> !filter.entrySet().stream().allMatch(f -> f.getValue().equals(e.getValue().get(f.getKey()))));
        int from = body.get("NextToken") == null ? 0 : Integer.parseInt((String) body.get("NextToken"));
        int size = body.get("MaxResults") == null ? 20 : ((Number) body.get("MaxResults")).intValue();
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = from; i < Math.min(all.size(), from + size); i++) {
            page.add(Map.of("Identifier", all.get(i).getKey(), "Properties",
                    JSON.writeValueAsString(all.get(i).getValue())));
        }
        Map<String, Object> answer = new LinkedHashMap<>(Map.of("TypeName", type, "ResourceDescriptions", page));
        if (from + size < all.size()) {
            answer.put("NextToken", String.valueOf(from + size));
        }
        return answer;
    }

    private Map<String, Object> get(String region, Map<String, Object> body) throws IOException {
        String type = (String) body.get("TypeName");
        handler(type, "read");
        String identifier = (String) body.get("Identifier");
        Map<String, Object> properties = stored(region, type, identifier);
        if (properties == null) {
            throw new AwsError("ResourceNotFoundException", type + " Handler returned status FAILED: "
                    + identifier + " not found (HandlerErrorCode: NotFound)");
        }
        return Map.of("TypeName", type, "ResourceDescription", Map.of("Identifier", identifier,
                "Properties", JSON.writeValueAsString(properties)));
    }

    private Map<String, Object> create(String region, Map<String, Object> body) throws IOException {
        String type = (String) body.get("TypeName");
        handler(type, "create");
        Map<String, Object> desired = JSON.readValue((String) body.get("DesiredState"), new TypeReference<>() { });
        refuseInvalid("CreateResource", type, JSON.valueToTree(desired), true);
        String key = primaryIdentifier(type);
        String identifier = desired.containsKey(key) ? String.valueOf(desired.get(key))
                : type.replace("::", "-").toLowerCase() + "-" + ids.incrementAndGet();
        desired.put(key, identifier);
        seed(region, type, identifier, desired);
        return progress(region, type, identifier, "CREATE");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> update(String region, Map<String, Object> body) throws IOException {
        String type = (String) body.get("TypeName");
        handler(type, "update");
        String identifier = (String) body.get("Identifier");
        Map<String, Object> properties = stored(region, type, identifier);
        if (properties == null) {
            throw new AwsError("ResourceNotFoundException", identifier + " not found");
        }
        ObjectNode patched;
        try {
            patched = JsonPatch.apply(JSON.valueToTree(properties), JSON.readTree((String) body.get("PatchDocument")));
        } catch (IllegalArgumentException e) {
            violations.add("UpdateResource " + type + " " + identifier + ": " + e.getMessage());
            throw new AwsError("ValidationException", "Invalid patch document: " + e.getMessage());
        }
        // the stored state is what the test seeded, not always complete: judge what the patch brought, not omissions
        refuseInvalid("UpdateResource", type, patched, false);
        properties.clear();
        properties.putAll(JSON.convertValue(patched, new TypeReference<Map<String, Object>>() { }));
        return progress(region, type, identifier, "UPDATE");
    }

    private void refuseInvalid(String operation, String type, JsonNode state, boolean withRequired) {
        List<String> problems = schemaCheck.problems(type, schemas.get(type), state, withRequired);
        if (!problems.isEmpty()) {
            violations.add(operation + " " + type + " " + state + ": " + problems);
            throw new AwsError("ValidationException", "Model validation failed " + problems);
        }
    }

    private Map<String, Object> delete(String region, Map<String, Object> body) {
        String type = (String) body.get("TypeName");
        handler(type, "delete");
        String identifier = (String) body.get("Identifier");
        remove(region, type, identifier);
        return progress(region, type, identifier, "DELETE");
    }

    private Map<String, Object> progress(String region, String type, String identifier, String operation) {
        String token = UUID.randomUUID().toString();
        Map<String, Object> event = new LinkedHashMap<>(Map.of("TypeName", type, "Identifier", identifier,
                "RequestToken", token, "Operation", operation, "OperationStatus", "IN_PROGRESS",
                "EventTime", System.currentTimeMillis() / 1000.0));
        requests.put(token, new LinkedHashMap<>(event));
        requests.get(token).put("_region", region);
        return Map.of("ProgressEvent", event);
    }

    private Map<String, Object> request(String token) {
        Map<String, Object> request = requests.get(token);
        if (request == null) {
            throw new AwsError("RequestTokenNotFoundException", "Request with token " + token + " was not found");
        }
        return request;
    }

    /** The operation has finished by the time anyone asks. */
    private Map<String, Object> finished(Map<String, Object> request) {
        Map<String, Object> event = new LinkedHashMap<>(request);
        event.remove("_region");
        event.put("OperationStatus", "SUCCESS");
        return event;
    }

    @SuppressWarnings("unchecked")
    private void handler(String type, String action) {
        String denied = deniedTypes.get(type);
        if (denied != null) {
            throw new AwsError("AccessDeniedException", denied);
        }
        Map<String, Object> schema = schemas.get(type);
        if (schema == null) {
            throw new AwsError("TypeNotFoundException", "The type '" + type + "' cannot be found.");
        }
        Map<String, Object> handlers = (Map<String, Object>) schema.getOrDefault("handlers", Map.of());
        if (!handlers.containsKey(action)) {
            throw new AwsError("UnsupportedActionException", "Resource type " + type + " does not support "
                    + action.toUpperCase() + " action");
        }
    }

    @SuppressWarnings("unchecked")
    private String primaryIdentifier(String type) {
        String path = ((List<String>) schemas.get(type).get("primaryIdentifier")).get(0);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private String query(Map<String, String> form) throws IOException {
        return switch (form.getOrDefault("Action", "")) {
            case "DescribeType" -> {
                Map<String, Object> schema = schemas.get(form.get("TypeName"));
                if (schema == null) {
                    throw new AwsError("TypeNotFoundException", "The type '" + form.get("TypeName")
                            + "' cannot be found.");
                }
                yield "<DescribeTypeResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                        + "<DescribeTypeResult><TypeName>" + xml(form.get("TypeName")) + "</TypeName><Type>RESOURCE"
                        + "</Type><ProvisioningType>" + (schema.containsKey("handlers") ? "FULLY_MUTABLE"
                                : "NON_PROVISIONABLE") + "</ProvisioningType><Schema>"
                        + xml(JSON.writeValueAsString(schema)) + "</Schema></DescribeTypeResult>"
                        + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeTypeResponse>";
            }
            case "GetCallerIdentity" -> "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<GetCallerIdentityResult><Arn>arn:aws:iam::" + ACCOUNT + ":user/tandem-test</Arn>"
                    + "<UserId>AIDAEMULATOR</UserId><Account>" + ACCOUNT + "</Account></GetCallerIdentityResult>"
                    + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
            default -> throw new AwsError("InvalidAction", "Unknown action " + form.get("Action"));
        };
    }

    private static String region(String authorization) {
        Matcher m = SCOPE.matcher(authorization == null ? "" : authorization);
        return m.find() ? m.group(1) : "unknown";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
