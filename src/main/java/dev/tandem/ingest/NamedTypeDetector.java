package dev.tandem.ingest;

import java.io.IOException;
import java.io.InputStream;

import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.detect.TextDetector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypes;

/**
 * The type of a document, from its file name when the content agrees with it: a text format (Markdown, plain text,
 * HTML, JSON, source code) whose content is text, or a format whose signature the content carries (PDF). Anything
 * else, DOCX among them, goes through Tika's full detection. Matching a file against all of Tika's signatures cost
 * more than parsing most Markdown files, and for these files it mostly confirmed what the name said (it also told
 * XHTML from HTML, which one parser reads alike).
 */
final class NamedTypeDetector implements Detector {

    private final MimeTypes types;
    private final Detector full;
    private final Detector text = new TextDetector();

    NamedTypeDetector(TikaConfig config) {
        this.types = config.getMimeRepository();
        this.full = config.getDetector();
    }

    @Override
    public MediaType detect(InputStream input, Metadata metadata) throws IOException {
        String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
        MimeType named = name == null ? null : types.getMimeType(name);
        if (named != null && input != null && agrees(named, input, metadata)) {
            return named.getType();
        }
        return full.detect(input, metadata);
    }

    private boolean agrees(MimeType named, InputStream input, Metadata metadata) throws IOException {
        if (isText(named.getType())) {
            return MediaType.TEXT_PLAIN.equals(text.detect(input, metadata));
        }
        return named.hasMagic() && named.matchesMagic(prefix(input, types.getMinLength()));
    }

    private boolean isText(MediaType type) {
        return MediaType.TEXT_PLAIN.equals(type)
                || types.getMediaTypeRegistry().isSpecializationOf(type, MediaType.TEXT_PLAIN);
    }

    /** The first bytes of the stream, which is left where it was. */
    private static byte[] prefix(InputStream input, int length) throws IOException {
        input.mark(length);
        try {
            return input.readNBytes(length);
        } finally {
            input.reset();
        }
    }
}
