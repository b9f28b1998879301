package dev.tandem.aws.cloudcontrol;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.cloudformation.model.DescribeTypeResponse;
import software.amazon.awssdk.services.cloudformation.model.RegistryType;

/**
 * Resource type schemas from CloudFormation {@code DescribeType}, cached per region and type for a time to live:
 * schemas change rarely and the write tools read one on every call. Also the tool {@code aws_get_resource_schema}.
 */
public final class ResourceSchemas {

    private record Cached(TypeSchema schema, Instant expires) {
    }

    private final AwsClients clients;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ResourceSchemas(AwsClients clients, Duration ttl, Clock clock) {
        this.clients = clients;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Map<String, Object> describe(Map<String, Object> arguments) {
        CallArguments a = new CallArguments(arguments);
        String region = clients.region(a.optionalText("region"));
        TypeSchema schema = schema(region, a.typeName());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("type_name", schema.typeName());
        result.put("region", region);
        result.put("provisioning_type", schema.provisioningType());
        result.put("handlers", schema.handlers());
        result.put("schema", schema.schema());
        return result;
    }

    TypeSchema schema(String region, String typeName) {
        String key = region + "|" + typeName;
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached == null || !now.isBefore(cached.expires())) {
            cached = new Cached(fetch(region, typeName), now.plus(ttl));
            cache.put(key, cached);
        }
        return cached.schema();
    }

    private TypeSchema fetch(String region, String typeName) {
        DescribeTypeResponse type = AwsCalls.run(() -> clients.in(region).cloudFormation()
                .describeType(r -> r.type(RegistryType.RESOURCE).typeName(typeName)));
        return new TypeSchema(typeName, type.provisioningTypeAsString(), Json.object(type.schema()));
    }
}
