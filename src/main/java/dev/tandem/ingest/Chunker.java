package dev.tandem.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a document into passages of at most {@code maxWords} words. Markdown is cut at headings first: small sections
 * share a passage, a long section is cut into overlapping windows that end at a sentence where one is near. A cut
 * always falls between words, and a passage keeps the original text between its first and last word.
 */
public final class Chunker {

    private static final Pattern WORD = Pattern.compile("\\S+");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");

    private final int maxWords;
    private final int overlapWords;

    public Chunker(int maxWords, int overlapWords) {
        if (overlapWords >= maxWords) {
            throw new IllegalArgumentException("overlap must be smaller than the chunk size");
        }
        this.maxWords = maxWords;
        this.overlapWords = overlapWords;
    }

    public List<Chunk> chunk(AnalyzedDocument doc) {
        List<Section> sections = doc.isMarkdown() ? markdownSections(doc.text()) : List.of(new Section(null, doc.text()));
        List<Chunk> chunks = new ArrayList<>();
        Packer packer = new Packer(chunks);
        for (Section section : sections) {
            List<int[]> words = words(section.text());
            if (words.isEmpty()) {
                continue;
            }
            if (words.size() > maxWords) {
                packer.flush();
                split(section, words, chunks);
            } else {
                packer.add(section, words.size());
            }
        }
        packer.flush();
        return chunks;
    }

    /** Windows of at most maxWords words, overlapping by overlapWords, preferring to end after a sentence. */
    private void split(Section section, List<int[]> words, List<Chunk> chunks) {
        String text = section.text();
        int start = 0;
        while (true) {
            int end = Math.min(start + maxWords, words.size());
            if (end < words.size()) {
                end = sentenceEnd(text, words, start + maxWords * 3 / 5, end);
            }
            chunks.add(new Chunk(section.heading(), text.substring(words.get(start)[0], words.get(end - 1)[1])));
            if (end == words.size()) {
                return;
            }
            start = Math.max(end - overlapWords, start + 1);
        }
    }

    private static int sentenceEnd(String text, List<int[]> words, int earliest, int end) {
        for (int i = end - 1; i >= earliest; i--) {
            char last = text.charAt(words.get(i)[1] - 1);
            if (last == '.' || last == '!' || last == '?') {
                return i + 1;
            }
        }
        return end;
    }

    private static List<int[]> words(String text) {
        List<int[]> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(new int[] {m.start(), m.end()});
        }
        return words;
    }

    /** Sections start at ATX headings outside code fences; each knows the path of headings above it. */
    static List<Section> markdownSections(String text) {
        List<Section> sections = new ArrayList<>();
        Deque<String[]> path = new ArrayDeque<>();
        StringBuilder current = new StringBuilder();
        String heading = null;
        boolean inFence = false;
        for (String line : text.split("\n", -1)) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
            }
            Matcher h = inFence ? null : HEADING.matcher(line);
            if (h != null && h.matches()) {
                if (!current.toString().isBlank()) {
                    sections.add(new Section(heading, current.toString()));
                }
                current.setLength(0);
                int level = h.group(1).length();
                while (!path.isEmpty() && Integer.parseInt(path.peekLast()[0]) >= level) {
                    path.removeLast();
                }
                path.addLast(new String[] {Integer.toString(level), h.group(2)});
                heading = String.join(" > ", path.stream().map(p -> p[1]).toList());
            }
            current.append(line).append('\n');
        }
        if (!current.toString().isBlank()) {
            sections.add(new Section(heading, current.toString()));
        }
        return sections;
    }

    record Section(String heading, String text) {
    }

    /** Gathers consecutive small sections into one passage while they fit. */
    private final class Packer {
        private final List<Chunk> out;
        private final StringBuilder text = new StringBuilder();
        private String heading;
        private int words;

        Packer(List<Chunk> out) {
            this.out = out;
        }

        void add(Section section, int sectionWords) {
            if (words + sectionWords > maxWords) {
                flush();
            }
            if (words == 0) {
                heading = section.heading();
            } else {
                text.append('\n');
            }
            text.append(section.text().strip());
            words += sectionWords;
        }

        void flush() {
            if (words > 0) {
                out.add(new Chunk(heading, text.toString()));
            }
            text.setLength(0);
            heading = null;
            words = 0;
        }
    }
}
