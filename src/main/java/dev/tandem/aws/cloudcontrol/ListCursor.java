package dev.tandem.aws.cloudcontrol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.tandem.mcp.ToolException;

/**
 * The opaque cursor of {@code aws_list_resources}: the listing itself (type, region, filter, whether properties are
 * wanted) and Cloud Control's NextToken, base64url, so the next page is the same listing and needs no server state.
 */
record ListCursor(String typeName, String region, Map<String, Object> filter, boolean withProperties,
        String nextToken) {

    String encode() {
        Map<String, Object> listing = new HashMap<>();
        listing.put("type", typeName);
        listing.put("region", region);
        listing.put("filter", filter);
        listing.put("properties", withProperties);
        listing.put("next", nextToken);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.canonical(listing)
                .getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static ListCursor decode(String cursor) {
        try {
            Map<String, Object> m = Json.object(new String(Base64.getUrlDecoder().decode(cursor),
                    StandardCharsets.UTF_8));
            return new ListCursor((String) m.get("type"), (String) m.get("region"),
                    (Map<String, Object>) m.get("filter"), (Boolean) m.get("properties"), (String) m.get("next"));
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new ToolException("The cursor is not one Tandem gave out; pass next_cursor exactly as received.");
        }
    }
}
