package dev.tandem.llm.backend.ollama;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.llm.BackendException;

/** What a langchain4j stream hands over to the calling thread, in order. */
sealed interface StreamedPiece {

    record Token(String text) implements StreamedPiece {
    }

    record Complete(ChatResponse response) implements StreamedPiece {
    }

    record Failed(BackendException failure) implements StreamedPiece {
    }
}
