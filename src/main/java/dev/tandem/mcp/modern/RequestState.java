package dev.tandem.mcp.modern;

import java.util.Map;

/**
 * What a multi-round-trip request carries between its rounds, sealed by {@link RequestStateCodec}: whose call it is,
 * which call (method, tool or resource, digest of its arguments), until when, the questions asked and the answers
 * accepted so far.
 *
 * @param principal the caller (API key name), or {@code anonymous}
 * @param method the JSON-RPC method
 * @param name the tool, prompt or resource URI
 * @param digest SHA-256 of the call's parameters without {@code _meta}, {@code inputResponses}, {@code requestState}
 * @param expires epoch seconds after which the state is refused
 * @param asked the questions the client was asked and may answer: their keys and methods
 * @param answers answers accepted in earlier rounds, by key
 * @param resumption where the handler stopped to wait for the answers ({@link dev.tandem.tool.Resumption}), or null
 */
record RequestState(String principal, String method, String name, String digest, long expires, Map<String, String> asked,
        Map<String, Object> answers, String resumption) {

    RequestState(String principal, String method, String name, String digest, long expires, Map<String, String> asked,
            Map<String, Object> answers) {
        this(principal, method, name, digest, expires, asked, answers, null);
    }

    /** Whether this state was issued for this very call by this very caller. */
    boolean belongsTo(String principal, String method, String name, String digest) {
        return this.principal.equals(principal) && this.method.equals(method) && this.name.equals(name)
                && this.digest.equals(digest);
    }
}
