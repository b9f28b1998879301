package dev.tandem.aws.cloudcontrol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import dev.tandem.tool.ToolException;

/**
 * A listing and its position as one opaque string (canonical JSON, base64url), so the next page repeats the same
 * listing and the server keeps no state. A string Tandem did not give out is refused.
 */
final class OpaqueCursor {

    private OpaqueCursor() {
    }

    static String encode(Map<String, Object> listing) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.canonical(listing)
                .getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> decode(String cursor) {
        try {
            return Json.object(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw notOurs();
        }
    }

    static ToolException notOurs() {
        return new ToolException("The cursor is not one Tandem gave out; pass next_cursor exactly as received.");
    }
}
