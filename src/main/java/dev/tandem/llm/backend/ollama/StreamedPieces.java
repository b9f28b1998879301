package dev.tandem.llm.backend.ollama;

import java.util.concurrent.BlockingQueue;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.backend.BackendFailures;

/** Queues what langchain4j's stream delivers on its HTTP thread, for the calling thread to take with deadlines. */
final class StreamedPieces implements StreamingChatResponseHandler {

    private final BlockingQueue<StreamedPiece> pieces;
    private final BackendFailures failures;

    StreamedPieces(BlockingQueue<StreamedPiece> pieces, BackendFailures failures) {
        this.pieces = pieces;
        this.failures = failures;
    }

    @Override
    public void onPartialResponse(String text) {
        pieces.add(new StreamedPiece.Token(text));
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        pieces.add(new StreamedPiece.Complete(response));
    }

    @Override
    public void onError(Throwable error) {
        pieces.add(new StreamedPiece.Failed(error instanceof BackendException classified ? classified
                : failures.malformed("a stream Tandem could not read")));
    }
}
