package dev.tandem.ingest;

/** A passage of a document: a few hundred words, never a cut word, with the heading it sits under (or null). */
public record Chunk(String heading, String text) {

    /** What the embedding model sees: the passage in the context of its document. */
    public String embeddingText(String title) {
        StringBuilder sb = new StringBuilder();
        if (title != null && !title.isBlank() && !text.startsWith(title)) {
            sb.append(title).append('\n');
        }
        if (heading != null && !heading.isBlank() && !heading.equals(title)) {
            sb.append(heading).append('\n');
        }
        return sb.append(text).toString();
    }
}
