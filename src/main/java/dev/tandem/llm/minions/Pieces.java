package dev.tandem.llm.minions;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a context into pieces of at most {@code maxChars}, sources in order: short sources share a piece (one call
 * reads them all) but a source that fits in a piece is never split, so the local model reads it whole; a longer one
 * is cut between sentences, and a sentence longer than a piece (a JSON tool result has few full stops) at spaces.
 */
final class Pieces {

    private final int maxChars;
    private final List<Piece> pieces = new ArrayList<>();
    private List<Piece.Part> parts = new ArrayList<>();
    private int used;

    private Pieces(int maxChars) {
        this.maxChars = maxChars;
    }

    static List<Piece> cut(List<Source> sources, int maxChars) {
        Pieces cutter = new Pieces(maxChars);
        sources.forEach(cutter::add);
        cutter.close();
        return List.copyOf(cutter.pieces);
    }

    private void add(Source source) {
        String text = source.text().strip();
        if (used > 0 && used + text.length() > maxChars) {
            close();
        }
        if (text.length() <= maxChars) {
            append(source, text);
            return;
        }
        StringBuilder part = new StringBuilder();
        for (String sentence : sentences(text, maxChars)) {
            if (used + part.length() + sentence.length() > maxChars && !part.isEmpty()) {
                append(source, part.toString().strip());
                part.setLength(0);
                close();
            }
            part.append(sentence);
        }
        append(source, part.toString().strip());
    }

    private void append(Source source, String text) {
        if (!text.isEmpty()) {
            parts.add(new Piece.Part(source.n(), source.title(), text));
            used += text.length();
        }
    }

    private void close() {
        if (!parts.isEmpty()) {
            pieces.add(new Piece(pieces.size() + 1, parts));
            parts = new ArrayList<>();
            used = 0;
        }
    }

    /** The text's sentences with their trailing spaces, none longer than {@code maxChars}. */
    private static List<String> sentences(String text, int maxChars) {
        List<String> sentences = new ArrayList<>();
        BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ROOT);
        boundaries.setText(text);
        for (int start = boundaries.first(), end = boundaries.next(); end != BreakIterator.DONE;
                start = end, end = boundaries.next()) {
            String sentence = text.substring(start, end);
            while (sentence.length() > maxChars) {
                int cut = sentence.lastIndexOf(' ', maxChars);
                cut = cut <= 0 ? maxChars : cut + 1;
                sentences.add(sentence.substring(0, cut));
                sentence = sentence.substring(cut);
            }
            sentences.add(sentence);
        }
        return sentences;
    }
}
