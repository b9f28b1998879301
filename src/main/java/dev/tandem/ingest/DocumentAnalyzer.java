package dev.tandem.ingest;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds what a parsed document is: its title, its language and a stable id for its source. */
public final class DocumentAnalyzer {

    private static final Pattern MARKDOWN_H1 = Pattern.compile("(?m)^#\\s+(.+?)\\s*#*\\s*$");
    /** YAML front matter of Markdown (Jekyll, Hugo, ...): metadata, not text. */
    private static final Pattern FRONT_MATTER = Pattern.compile("\\A---\\R(.*?)\\R---\\R", Pattern.DOTALL);
    private static final Pattern FRONT_MATTER_TITLE = Pattern.compile("(?m)^title:\\s*[\"']?(.+?)[\"']?\\s*$");
    private static final int LANGUAGE_SAMPLE_CHARS = 2000;
    private static final int MAX_TITLE_CHARS = 200;

    public AnalyzedDocument analyze(ParsedDocument doc) {
        String text = doc.text();
        String title = null;
        if (doc.contentType().contains("markdown")) {
            Matcher frontMatter = FRONT_MATTER.matcher(text);
            if (frontMatter.find()) {
                Matcher frontTitle = FRONT_MATTER_TITLE.matcher(frontMatter.group(1));
                title = frontTitle.find() ? clip(frontTitle.group(1)) : null;
                text = text.substring(frontMatter.end()).strip();
            }
        }
        if (title == null) {
            title = title(doc, text);
        }
        return new AnalyzedDocument(doc.source(), sourceId(doc.source()), title, language(text),
                doc.contentType(), doc.contentHash(), doc.size(), doc.modified(), text);
    }

    /** A short stable id for a source path or URI, safe in Elasticsearch ids. */
    public static String sourceId(String source) {
        return DocumentParser.sha256(source.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    private static String title(ParsedDocument doc, String text) {
        if (doc.metadataTitle() != null && !doc.metadataTitle().isBlank()) {
            return clip(doc.metadataTitle().strip());
        }
        if (doc.contentType().contains("markdown")) {
            Matcher h1 = MARKDOWN_H1.matcher(text);
            if (h1.find()) {
                return clip(h1.group(1));
            }
        }
        String name = doc.name();
        int slash = name.lastIndexOf('/');
        return slash >= 0 ? name.substring(slash + 1) : name;
    }

    private static String language(String text) {
        String sample = text.length() > LANGUAGE_SAMPLE_CHARS ? text.substring(0, LANGUAGE_SAMPLE_CHARS) : text;
        return LanguageDetection.detect(sample);
    }

    private static String clip(String title) {
        return title.length() > MAX_TITLE_CHARS ? title.substring(0, MAX_TITLE_CHARS) : title;
    }
}
