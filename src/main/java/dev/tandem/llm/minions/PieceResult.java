package dev.tandem.llm.minions;

import java.util.List;
import java.util.stream.Collectors;

import dev.tandem.llm.PlanStep;
import dev.tandem.llm.TokenUsage;

/**
 * How one piece was read: its checked extracts (none: nothing in it helps), or why it goes on whole. Times count
 * from the start of the reading.
 */
public record PieceResult(Piece piece, long startMs, long durationMs, List<Extract> extracts,
        String passedWholeBecause, TokenUsage usage) {

    public PieceResult {
        extracts = List.copyOf(extracts);
    }

    static PieceResult extracted(Piece piece, long startMs, long durationMs, List<Extract> extracts,
            TokenUsage usage) {
        return new PieceResult(piece, startMs, durationMs, extracts, null, usage);
    }

    static PieceResult passedWhole(Piece piece, long startMs, long durationMs, String because, TokenUsage usage) {
        return new PieceResult(piece, startMs, durationMs, List.of(), because, usage);
    }

    public boolean passedWhole() {
        return passedWholeBecause != null;
    }

    /** The piece's call as a plan step named {@code extract}, its times shifted by {@code offsetMs}. */
    PlanStep toStep(long offsetMs, String localId, int pieces) {
        String which = "piece " + piece.index() + " of " + pieces + " (sources "
                + piece.sources().stream().map(n -> "[" + n + "]").collect(Collectors.joining(" ")) + ")";
        String detail = passedWhole() ? which + " passed on whole: " + passedWholeBecause
                : which + ": " + (extracts.isEmpty() ? "nothing relevant" : extracts.size() + " extracts");
        return new PlanStep("extract", localId, offsetMs + startMs, durationMs, passedWhole() ? "passed_whole" : "ok",
                detail);
    }
}
