package dev.tandem.llm.minions;

/** One source of a long context, numbered as the answer cites it ({@code [n]}): a passage, a document, a tool result. */
public record Source(int n, String title, String text) {
}
