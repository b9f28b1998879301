package dev.tandem.llm.minions;

/** A sentence the local model copied from source {@code [source]} because it helps answer the question. */
public record Extract(int source, String quote) {
}
