package dev.tandem.aws.cloudcontrol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.cloudcontrol.model.ListResourcesResponse;
import software.amazon.awssdk.services.cloudcontrol.model.ResourceDescription;

/** {@code aws_list_resources} (paged, optionally filtered, with properties when asked) and {@code aws_get_resource}. */
public final class ResourceReadTools {

    private final AwsClients clients;
    private final int pageSize;

    public ResourceReadTools(AwsClients clients, int pageSize) {
        this.clients = clients;
        this.pageSize = pageSize;
    }

    public Map<String, Object> list(Map<String, Object> arguments) {
        CallArguments a = new CallArguments(arguments);
        ListCursor listing = a.optionalText("cursor").map(ListCursor::decode).orElseGet(() -> new ListCursor(
                a.typeName(), clients.region(a.optionalText("region")), a.optionalObject("resource_model").orElse(null),
                a.flag("include_properties"), null));
        ListResourcesResponse page = AwsCalls.run(() -> clients.in(listing.region()).cloudControl()
                .listResources(r -> r.typeName(listing.typeName()).maxResults(pageSize).nextToken(listing.nextToken())
                        .resourceModel(listing.filter() == null ? null : Json.write(listing.filter()))));
        List<Map<String, Object>> resources = page.resourceDescriptions().stream()
                .map(d -> describe(d, listing.withProperties())).toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("type_name", listing.typeName());
        result.put("region", listing.region());
        result.put("resources", resources);
        result.put("next_cursor", page.nextToken() == null ? null : new ListCursor(listing.typeName(),
                listing.region(), listing.filter(), listing.withProperties(), page.nextToken()).encode());
        return result;
    }

    public Map<String, Object> get(Map<String, Object> arguments) {
        CallArguments a = new CallArguments(arguments);
        String type = a.typeName();
        String identifier = a.text("identifier");
        String region = clients.region(a.optionalText("region"));
        ResourceDescription found = AwsCalls.run(() -> clients.in(region).cloudControl()
                .getResource(r -> r.typeName(type).identifier(identifier))).resourceDescription();
        return Map.of("type_name", type, "region", region, "identifier", found.identifier(),
                "properties", Json.object(found.properties()));
    }

    private static Map<String, Object> describe(ResourceDescription d, boolean withProperties) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("identifier", d.identifier());
        if (withProperties) {
            resource.put("properties", Json.object(d.properties()));
        }
        return resource;
    }
}
