package dev.tandem.game.turtlesoup;

import java.util.Map;

/** A language model the host asks for a judgement in JSON. */
public interface HostModel {

    /** What the model said (text only; null when no model answered in the schema) and which backend said it. */
    record Reply(String text, String backend) {
    }

    /**
     * @param instructions the host's rules with the puzzle (a system message)
     * @param playerText   the player's question or solution, only ever judged
     * @param schema       the JSON Schema the reply must match
     */
    Reply ask(String instructions, String playerText, Map<String, Object> schema);
}
