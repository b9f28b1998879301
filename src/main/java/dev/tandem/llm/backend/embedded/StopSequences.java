package dev.tandem.llm.backend.embedded;

import java.util.List;

/**
 * Finds the caller's stop sequences in streamed text, also when one spans several tokens: text that may be the start
 * of a stop sequence is held back until the next piece tells, so a client never sees part of one.
 */
final class StopSequences {

    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    StopSequences(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** The text that may be shown now; after a stop sequence, the text before it and nothing more. */
    String accept(String piece) {
        if (stopped) {
            return "";
        }
        held.append(piece);
        int earliest = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
            }
        }
        if (earliest >= 0) {
            stopped = true;
            return take(earliest);
        }
        return take(held.length() - longestStartOfAStop());
    }

    /** The text held back when the answer ended without completing a stop sequence. */
    String rest() {
        return stopped ? "" : take(held.length());
    }

    boolean stopped() {
        return stopped;
    }

    private String take(int length) {
        String shown = held.substring(0, length);
        held.delete(0, stopped ? held.length() : length);
        return shown;
    }

    private int longestStartOfAStop() {
        int longest = 0;
        for (String stop : stops) {
            for (int n = Math.min(stop.length() - 1, held.length()); n > longest; n--) {
                if (held.toString().regionMatches(held.length() - n, stop, 0, n)) {
                    longest = n;
                    break;
                }
            }
        }
        return longest;
    }
}
