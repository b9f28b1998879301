package dev.tandem.aws.cloudcontrol;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.cloudcontrol.model.ListResourceRequestsResponse;

/** {@code aws_get_resource_request_status} and {@code aws_list_resource_requests}: Cloud Control's operation log. */
public final class ResourceRequestTools {

    private final AwsClients clients;

    public ResourceRequestTools(AwsClients clients) {
        this.clients = clients;
    }

    public Map<String, Object> status(Map<String, Object> arguments) {
        CallArguments a = new CallArguments(arguments);
        String token = a.text("request_token");
        String region = clients.region(a.optionalText("region"));
        return Map.of("region", region, "progress", ProgressEvents.describe(AwsCalls.run(() -> clients.in(region)
                .cloudControl().getResourceRequestStatus(r -> r.requestToken(token)).progressEvent())));
    }

    public Map<String, Object> list(Map<String, Object> arguments) {
        CallArguments a = new CallArguments(arguments);
        // a cursor carries its listing (region and filters) with Cloud Control's token, as aws_list_resources does
        Map<String, Object> listing = a.optionalText("cursor").map(OpaqueCursor::decode).orElseGet(() -> {
            Map<String, Object> fresh = new HashMap<>();
            fresh.put("region", clients.region(a.optionalText("region")));
            fresh.put("statuses", stringList(arguments.get("statuses")));
            fresh.put("operations", stringList(arguments.get("operations")));
            return fresh;
        });
        String region = (String) listing.get("region");
        List<String> statuses = stringList(listing.get("statuses"));
        List<String> operations = stringList(listing.get("operations"));
        String next = (String) listing.get("next");
        ListResourceRequestsResponse page = AwsCalls.run(() -> clients.in(region).cloudControl()
                .listResourceRequests(r -> r.nextToken(next).maxResults(100).resourceRequestStatusFilter(f -> f
                        .operationStatusesWithStrings(statuses).operationsWithStrings(operations))));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("region", region);
        result.put("requests", page.resourceRequestStatusSummaries().stream().map(ProgressEvents::describe).toList());
        if (page.nextToken() == null) {
            result.put("next_cursor", null);
        } else {
            Map<String, Object> following = new HashMap<>(listing);
            following.put("next", page.nextToken());
            result.put("next_cursor", OpaqueCursor.encode(following));
        }
        return result;
    }

    private static List<String> stringList(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : null;
    }
}
