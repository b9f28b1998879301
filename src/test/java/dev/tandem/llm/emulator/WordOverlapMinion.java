package dev.tandem.llm.emulator;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An emulated local model for the minions strategy, not a model: given the extraction prompt Tandem sends for one
 * piece ({@code Question: ...} then {@code [n] title} and the text of each source), it answers the asked JSON with
 * every sentence that shares at least {@value #MIN_SHARED} content words (four letters or more, stop words aside)
 * with the question, quoted exactly. Usage is four characters a token, in and out.
 */
public final class WordOverlapMinion {

    static final int MIN_SHARED = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]{4,}");
    private static final Pattern SOURCE = Pattern.compile("(?m)^\\[(\\d+)] .*\\n([\\s\\S]*?)(?=\\n\\[\\d+] |\\z)");
    private static final Set<String> STOP = Set.of("that", "this", "with", "from", "have", "does", "when", "what",
            "which", "were", "their", "there", "than", "then", "they", "into", "been", "more", "most", "also", "such",
            "only", "other", "about", "after", "before", "these", "those", "will", "would", "could", "should");

    private WordOverlapMinion() {
    }

    /** Whether the request is Tandem's extraction prompt (and not an ordinary question to the local model). */
    public static boolean asked(EmulatedRequest request) {
        return request.lastUserText().startsWith("Question: ") && request.lastUserText().contains("\n\nSources:\n");
    }

    public static Reply reply(EmulatedRequest request) {
        String prompt = request.lastUserText();
        String question = prompt.substring("Question: ".length(), prompt.indexOf("\n\nSources:\n"));
        Set<String> asked = contentWords(question);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode extracts = answer.putArray("extracts");
        Matcher source = SOURCE.matcher(prompt.substring(prompt.indexOf("\n\nSources:\n")));
        while (source.find()) {
            for (String sentence : sentences(source.group(2))) {
                Set<String> shared = contentWords(sentence);
                shared.retainAll(asked);
                if (shared.size() >= MIN_SHARED) {
                    extracts.addObject().put("source", Integer.parseInt(source.group(1))).put("quote", sentence);
                }
            }
        }
        String text = answer.toString();
        return Reply.text(text).withUsage(promptTokens(request), (text.length() + 3) / 4);
    }

    /** The emulators' token count of a request: the characters of its messages, four a token. */
    public static int promptTokens(EmulatedRequest request) {
        int chars = 0;
        for (JsonNode m : request.body().path("messages")) {
            chars += m.path("content").asText("").length();
        }
        return (chars + 3) / 4;
    }

    static Set<String> contentWords(String text) {
        Set<String> words = new LinkedHashSet<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (!STOP.contains(m.group())) {
                words.add(m.group());
            }
        }
        return words;
    }

    private static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ROOT);
        boundaries.setText(text);
        for (int start = boundaries.first(), end = boundaries.next(); end != BreakIterator.DONE;
                start = end, end = boundaries.next()) {
            String sentence = text.substring(start, end).strip();
            if (!sentence.isEmpty()) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }
}
