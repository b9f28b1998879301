package dev.tandem.mcp.gateway;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which tools of an upstream are offered: those matching an allow glob (every tool when there is none) and no deny
 * glob. Globs match the upstream's own tool name: {@code *} any run of characters, {@code ?} one character.
 */
public record ToolFilter(List<String> allow, List<String> deny) {

    public static final ToolFilter ALL = new ToolFilter(List.of(), List.of());

    public boolean offers(String tool) {
        return (allow.isEmpty() || matchesAny(allow, tool)) && !matchesAny(deny, tool);
    }

    private static boolean matchesAny(List<String> globs, String tool) {
        return globs.stream().anyMatch(glob -> regex(glob).matcher(tool).matches());
    }

    private static Pattern regex(String glob) {
        return Pattern.compile(glob.chars().mapToObj(c -> switch (c) {
            case '*' -> ".*";
            case '?' -> ".";
            default -> Pattern.quote(Character.toString(c));
        }).collect(Collectors.joining()));
    }
}
