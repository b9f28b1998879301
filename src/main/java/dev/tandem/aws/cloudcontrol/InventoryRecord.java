package dev.tandem.aws.cloudcontrol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** One AWS resource as the inventory keeps it; its document id is stable across runs, so a run is idempotent. */
record InventoryRecord(String typeName, String region, String identifier, Map<String, Object> properties) {

    String id() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((region + "|" + typeName + "|" + identifier)
                .getBytes(StandardCharsets.UTF_8));
    }
}
