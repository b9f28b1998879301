package dev.tandem.search;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * English analysis (tokens, lower case, stop words, Porter stems) done in Java. The Elasticsearch distribution we run
 * has no language analyzers, so passages and queries are stemmed here and indexed with a whitespace analyzer: the same
 * BM25 an {@code english} field would give, with any Elasticsearch.
 */
public final class StemmedText {

    private static final Analyzer ENGLISH = new EnglishAnalyzer();

    private StemmedText() {
    }

    public static String of(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        try (TokenStream tokens = ENGLISH.tokenStream("text", text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                out.append(term);
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException("Analysis of an in-memory string cannot fail", e);
        }
        return out.toString();
    }
}
