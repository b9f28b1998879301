package dev.tandem.llm.minions;

import java.util.List;

/**
 * What the local model reads in one call: consecutive parts of one or more sources, each part whole sentences of
 * its source. {@code index} counts from 1 in reading order.
 */
public record Piece(int index, List<Part> parts) {

    /** Sentences of source {@code [source]}. */
    public record Part(int source, String title, String text) {
    }

    public Piece {
        parts = List.copyOf(parts);
    }

    public List<Integer> sources() {
        return parts.stream().map(Part::source).distinct().toList();
    }

    /** The text of the piece's part of a source, or empty when the piece holds none of it. */
    String textOf(int source) {
        StringBuilder text = new StringBuilder();
        parts.stream().filter(p -> p.source() == source).forEach(p -> text.append(p.text()).append(' '));
        return text.toString();
    }
}
