package dev.tandem.mcp.modern;

import java.util.List;
import java.util.Map;

/**
 * Which MCP revision a request speaks, decided per request from what the client sends: the 2026-07-28 version in
 * {@code MCP-Protocol-Version} or in the request's {@code _meta} selects the stateless (modern) path; an
 * {@code initialize}, a session id or a 2025 version keeps the session (legacy) path of today.
 */
public enum Era {
    LEGACY, MODERN;

    static final String MODERN_VERSION = "2026-07-28";
    static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
    private static final List<String> LEGACY_VERSIONS = List.of("2025-03-26", "2025-06-18", "2025-11-25");

    /**
     * @param versionHeader {@code MCP-Protocol-Version}, or null
     * @param methodHeader {@code Mcp-Method}, or null (only 2026-07-28 clients send it)
     * @param sessionHeader {@code Mcp-Session-Id}, or null
     * @param body the JSON-RPC message, or null when it is not a JSON object
     */
    static Era of(String versionHeader, String methodHeader, String sessionHeader, Map<?, ?> body) {
        if (MODERN_VERSION.equals(versionHeader)) {
            return MODERN;
        }
        if (legacyHeader(versionHeader)) {
            return LEGACY;
        }
        boolean metaVersion = body != null && body.get("params") instanceof Map<?, ?> params
                && params.get("_meta") instanceof Map<?, ?> meta && meta.get(META_VERSION) != null;
        if (versionHeader == null) {
            return metaVersion && sessionHeader == null && !"initialize".equals(body.get("method")) ? MODERN : LEGACY;
        }
        // an unknown version: a modern client is told which versions there are, anything else gets today's 400
        return metaVersion || methodHeader != null ? MODERN : LEGACY;
    }

    static boolean legacyHeader(String versionHeader) {
        return versionHeader != null && LEGACY_VERSIONS.contains(versionHeader);
    }

    static boolean modernHeader(String versionHeader) {
        return MODERN_VERSION.equals(versionHeader);
    }
}
