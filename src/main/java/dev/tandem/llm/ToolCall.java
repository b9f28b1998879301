package dev.tandem.llm;

/**
 * A function call a model asked for, as the OpenAI API carries it: {@code arguments} is the JSON text exactly as the
 * model wrote it (it may be invalid: the gateway checks it, the backends never repair it).
 */
public record ToolCall(String id, String name, String arguments) {
}
