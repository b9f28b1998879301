package dev.tandem.game.turtlesoup;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The host's whole answer to a question, and all the player ever sees of it. Only these three: a "yes, but" or
 * "partly" would need the host to say which part holds, which is both harder to judge consistently and a channel
 * for the hidden story.
 */
public enum Label {
    YES("yes"), NO("no"), IRRELEVANT("irrelevant");

    public static final List<String> WORDS = Arrays.stream(values()).map(Label::word).toList();

    private final String word;

    Label(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    static Optional<Label> of(String word) {
        return Arrays.stream(values()).filter(l -> l.word.equals(word)).findFirst();
    }
}
