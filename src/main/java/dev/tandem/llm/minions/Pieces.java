package dev.tandem.llm.minions;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a context into pieces of at most {@code maxChars}: sources in order, cut between sentences, several short
 * sources sharing a piece (one call reads them all). A sentence longer than a piece (a JSON tool result has few full
 * stops) is cut at spaces.
 */
final class Pieces {

    private Pieces() {
    }

    static List<Piece> cut(List<Source> sources, int maxChars) {
        List<Piece> pieces = new ArrayList<>();
        List<Piece.Part> parts = new ArrayList<>();
        int used = 0;
        for (Source source : sources) {
            StringBuilder part = new StringBuilder();
            for (String sentence : sentences(source.text(), maxChars)) {
                if (used + part.length() + sentence.length() > maxChars && used + part.length() > 0) {
                    if (!part.isEmpty()) {
                        parts.add(new Piece.Part(source.n(), source.title(), part.toString().strip()));
                        part.setLength(0);
                    }
                    pieces.add(new Piece(pieces.size() + 1, parts));
                    parts = new ArrayList<>();
                    used = 0;
                }
                part.append(sentence);
            }
            if (!part.toString().isBlank()) {
                parts.add(new Piece.Part(source.n(), source.title(), part.toString().strip()));
                used += part.length();
            }
        }
        if (!parts.isEmpty()) {
            pieces.add(new Piece(pieces.size() + 1, parts));
        }
        return pieces;
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
