package dev.tandem.aws.cloudcontrol;

import java.util.HashMap;
import java.util.Map;


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
        return OpaqueCursor.encode(listing);
    }

    @SuppressWarnings("unchecked")
    static ListCursor decode(String cursor) {
        Map<String, Object> m = OpaqueCursor.decode(cursor);
        try {
            return new ListCursor((String) m.get("type"), (String) m.get("region"),
                    (Map<String, Object>) m.get("filter"), (Boolean) m.get("properties"), (String) m.get("next"));
        } catch (ClassCastException e) {
            throw OpaqueCursor.notOurs();
        }
    }
}
