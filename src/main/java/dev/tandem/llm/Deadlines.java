package dev.tandem.llm;

import java.time.Duration;

/** How long a backend call may take: until the first token of a streamed answer, and in all. */
public record Deadlines(Duration firstToken, Duration total) {
}
