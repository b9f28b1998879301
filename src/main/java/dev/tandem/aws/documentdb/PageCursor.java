package dev.tandem.aws.documentdb;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.tandem.tool.ToolException;
import org.bson.Document;
import org.bson.json.JsonParseException;

/**
 * The opaque cursor of a result's next page: the query itself (canonical Extended JSON, base64url), so paging
 * holds no state on the server and a cursor passes the same checks as a fresh query.
 */
final class PageCursor {

    private PageCursor() {
    }

    static String encode(Document query) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                ExtendedJson.canonical(query).getBytes(StandardCharsets.UTF_8));
    }

    static Document decode(String tool, String cursor) {
        try {
            Document query = Document.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (!tool.equals(query.getString("tool"))) {
                throw new ToolException("This cursor belongs to " + query.getString("tool") + ", not " + tool + ".");
            }
            return query;
        } catch (IllegalArgumentException | JsonParseException | ClassCastException e) {
            throw new ToolException("The cursor is not one Tandem gave out; pass next_cursor exactly as received.");
        }
    }
}
