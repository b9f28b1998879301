package dev.tandem.llm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.tandem.http.InvalidRequestException;

/** How the local and the provider model work together on one request; see the README for when to use each. */
public enum Strategy {
    /** both start; the provider wins within its deadline, else the local answer (marked degraded) */
    HEDGE,
    /** the provider alone; the local model only when the provider fails or times out */
    PROVIDER_FIRST,
    /** the local model alone; the provider only when the local answer fails the quality check */
    LOCAL_FIRST,
    /** both answer, then the local model merges the two drafts into one */
    FUSE,
    /** both start; the first valid answer wins */
    RACE;

    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Strategy parse(String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.value().equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("Unknown strategy '" + value + "': use one of "
                        + Arrays.stream(values()).map(Strategy::value).collect(Collectors.joining(", ")) + "."));
    }
}
