package dev.tandem.llm.plan;

/** A retrieved passage an answer may cite as {@code [n]}. */
public record Passage(int n, String source, String title, String text, double score) {
}
