package dev.tandem.llm;

import com.fasterxml.jackson.databind.JsonNode;

/** A function the caller offers the model: its name, what it does, and the JSON Schema of its arguments. */
public record ToolSpec(String name, String description, JsonNode parameters) {
}
