package dev.tandem.llm.backend;

import java.net.URI;
import java.net.URISyntaxException;

/** Endpoint addresses fit to show: without user info or query, where credentials hide. */
public final class Endpoints {

    private Endpoints() {
    }

    public static String withoutCredentials(String url) {
        try {
            URI uri = new URI(url);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException | IllegalArgumentException notAUrl) {
            return "(invalid URL)";
        }
    }
}
