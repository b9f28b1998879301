package dev.tandem.mcp.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The names upstream tools get in Tandem's catalogue: {@code <server>__<tool>}, any character outside
 * {@code A-Z a-z 0-9 _ -} replaced by {@code _}. A name longer than {@value #MAX} characters, or one already taken
 * (Tandem's own tools first, then the servers in file order and their tools in the order they list them), is cut to
 * 55 characters and ends with {@code _} and the first 8 hex digits of the SHA-256 of {@code <server>/<tool>}: still
 * unique, still {@value #MAX} characters at most, and the same every time for the same server and tool. Calls are
 * routed by looking the name up, never by splitting it.
 */
final class ToolNames {

    static final int MAX = 64;
    static final String SEPARATOR = "__";
    private static final int KEPT = MAX - 9;

    private final Set<String> taken;

    ToolNames(Set<String> reserved) {
        this.taken = new HashSet<>(reserved);
    }

    /** The name for this upstream tool, not given to any other tool of this catalogue. */
    String assign(String server, String tool) {
        String plain = (server + SEPARATOR + tool).replaceAll("[^A-Za-z0-9_-]", "_");
        String name = plain.length() <= MAX && !taken.contains(plain) ? plain
                : plain.substring(0, Math.min(plain.length(), KEPT)) + "_" + hash(server + "/" + tool);
        taken.add(name);
        return name;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
