package dev.tandem.llm.minions;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Minions (arXiv 2502.15964): the local model reads a long context piece by piece with the question and keeps what
 * matters, so the provider reads the extracts instead of the whole. Pieces are read several at once on the
 * {@code readers} pool, whose size bounds the local model's parallel calls; each call goes through the local
 * backend's gate. A piece whose call fails or whose answer does not check out goes on whole: nothing is dropped
 * unless the local model validly said it holds nothing relevant.
 */
public final class ContextReader {

    private static final Logger LOG = LoggerFactory.getLogger(ContextReader.class);

    private final BackendGate local;
    private final Deadlines deadlines;
    private final int pieceTokens;
    private final ExecutorService readers;
    private volatile Integer contextWindow;

    /** {@code pieceTokens}: the most a piece holds, lowered to half the local model's window when that is smaller. */
    public ContextReader(BackendGate local, Deadlines deadlines, int pieceTokens, ExecutorService readers) {
        this.local = local;
        this.deadlines = deadlines;
        this.pieceTokens = pieceTokens;
        this.readers = readers;
    }

    public Reading read(String question, List<Source> sources) {
        long began = System.nanoTime();
        List<Piece> pieces = Pieces.cut(sources, pieceTokens() * Tokens.CHARS_PER_TOKEN);
        List<CompletableFuture<PieceResult>> reading = pieces.stream()
                .map(piece -> CompletableFuture.supplyAsync(() -> readPiece(question, piece, began), readers))
                .toList();
        return Reading.of(sources, reading.stream().map(CompletableFuture::join).toList());
    }

    /** Half the model's window leaves room for the instruction, the question and the extracts. */
    private int pieceTokens() {
        Integer window = contextWindow();
        return window == null ? pieceTokens : Math.max(1, Math.min(pieceTokens, window / 2));
    }

    /**
     * The local model's window, asked of the backend (for Ollama a call to {@code /api/show}) until it is known, then
     * remembered: a model's window does not change under its name, and a reading should not wait on it each time.
     */
    private Integer contextWindow() {
        Integer known = contextWindow;
        if (known == null) {
            known = local.backend().describe().capabilities().contextWindow();
            contextWindow = known;
        }
        return known;
    }

    private PieceResult readPiece(String question, Piece piece, long began) {
        long start = millisSince(began);
        if (!local.tryAcquire()) {
            return PieceResult.passedWhole(piece, start, 0, local.refusal().getMessage(), TokenUsage.NONE);
        }
        long called = System.nanoTime();
        try {
            BackendAnswer answer = local.backend().chat(ExtractPrompt.of(question, piece), deadlines);
            local.succeeded(Duration.ofNanos(System.nanoTime() - called), answer);
            ExtractAnswer checked = ExtractAnswer.read(answer.text(), piece);
            long took = millisSince(called);
            return checked.valid() ? PieceResult.extracted(piece, start, took, checked.extracts(), answer.usage())
                    : PieceResult.passedWhole(piece, start, took, checked.problem(), answer.usage());
        } catch (BackendException e) {
            local.failed(Duration.ofNanos(System.nanoTime() - called), e);
            return PieceResult.passedWhole(piece, start, millisSince(called), e.getMessage(), TokenUsage.NONE);
        } catch (RuntimeException e) {
            LOG.warn("{} failed unexpectedly reading a piece", local.backend().id(), e);
            local.failed(Duration.ofNanos(System.nanoTime() - called), new BackendException(
                    BackendException.Kind.SERVER_ERROR, "failed unexpectedly; the server log has the details."));
            return PieceResult.passedWhole(piece, start, millisSince(called), "the call failed unexpectedly",
                    TokenUsage.NONE);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
