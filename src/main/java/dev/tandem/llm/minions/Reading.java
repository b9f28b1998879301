package dev.tandem.llm.minions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.llm.PlanStep;
import dev.tandem.llm.TokenUsage;

/**
 * What the local model's reading leaves for the provider: each source reduced to its extracts, or whole where its
 * piece went on whole, in the original order and numbering; a source nothing was kept from is left out. With the
 * pieces as they were read and the local model's tokens summed over them.
 */
public record Reading(List<Source> condensed, List<PieceResult> pieces, TokenUsage localUsage) {

    public Reading {
        condensed = List.copyOf(condensed);
        pieces = List.copyOf(pieces);
    }

    static Reading of(List<Source> sources, List<PieceResult> results) {
        List<Source> condensed = new ArrayList<>();
        for (Source source : sources) {
            List<String> kept = new ArrayList<>();
            for (PieceResult result : results) {
                if (result.passedWhole()) {
                    result.piece().parts().stream().filter(p -> p.source() == source.n())
                            .forEach(p -> kept.add(p.text()));
                } else {
                    result.extracts().stream().filter(e -> e.source() == source.n()).forEach(e -> kept.add(e.quote()));
                }
            }
            if (!kept.isEmpty()) {
                condensed.add(new Source(source.n(), source.title(), String.join("\n", kept)));
            }
        }
        long in = 0;
        long out = 0;
        Map<String, Long> reported = new HashMap<>();
        for (PieceResult result : results) {
            in += result.usage().inputTokens();
            out += result.usage().outputTokens();
            result.usage().reported().forEach((field, count) -> reported.merge(field, count, Long::sum));
        }
        return new Reading(condensed, results, new TokenUsage(in, out, reported));
    }

    /** One {@code extract} step per piece, times counted from the request's start ({@code offsetMs}). */
    public List<PlanStep> steps(long offsetMs, String localId) {
        return pieces.stream().map(p -> p.toStep(offsetMs, localId, pieces.size())).toList();
    }

    public long passedWholeCount() {
        return pieces.stream().filter(PieceResult::passedWhole).count();
    }
}
