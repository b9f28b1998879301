package dev.tandem.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import org.apache.camel.Header;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.SAXException;

/**
 * Extracts the text of a file with Tika: Markdown, text, HTML, PDF, DOCX, JSON and source code. Plain-text formats
 * (Markdown among them) keep their lines, so headings stay visible to the chunker; they are read as UTF-8 when they
 * decode as UTF-8 ({@link Utf8FirstEncodingDetector}).
 */
public final class DocumentParser {

    public static final String SUPPORTED = "Markdown, plain text, HTML, PDF, DOCX, JSON and source code";

    private final AutoDetectParser parser;
    private final EncodingDetector charsets;
    private final long maxBytes;

    public DocumentParser(long maxBytes) {
        // one configuration for both: Tika builds each default configuration anew, loading all its services
        TikaConfig tika = TikaConfig.getDefaultConfig();
        this.parser = new AutoDetectParser(new NamedTypeDetector(tika));
        this.charsets = new Utf8FirstEncodingDetector(tika.getEncodingDetector());
        this.maxBytes = maxBytes;
    }

    /**
     * Refuses a document whose source says it is over the size limit, before its content is read: a file of
     * gigabytes is never loaded to be refused (one over 2 GB could not even be held).
     */
    public void checkSize(@Header(IngestHeaders.SIZE) Long size) {
        if (!withinSizeLimit(size)) {
            throw new DocumentRejectedException("The file is " + megabytes(size) + " MB, more than the "
                    + megabytes(maxBytes) + " MB allowed by TANDEM_INGEST_MAX_FILE_MB.");
        }
    }

    /** Whether a document of this size (in bytes; null when its source does not know it) may be read. */
    public boolean withinSizeLimit(@Header(IngestHeaders.SIZE) Long size) {
        return size == null || size <= maxBytes;
    }

    public ParsedDocument parse(
            byte[] content,
            @Header(IngestHeaders.SOURCE) String source,
            @Header(IngestHeaders.NAME) String name,
            @Header(IngestHeaders.MODIFIED) Long modifiedMillis) {
        if (content.length == 0) {
            throw new DocumentRejectedException("The file is empty: there is nothing to index.");
        }
        checkSize((long) content.length);
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        BodyContentHandler handler = new BodyContentHandler(-1);
        try (InputStream in = new ByteArrayInputStream(content)) {
            ParseContext context = new ParseContext();
            context.set(EncodingDetector.class, charsets);
            parser.parse(in, handler, metadata, context);
        } catch (EncryptedDocumentException e) {
            throw new DocumentRejectedException("The document is encrypted; Tandem cannot read it without its password.");
        } catch (TikaException | SAXException | IOException e) {
            // no cause: an I/O error inside a parser is the file's fault, and must not look like a retryable outage
            throw new DocumentRejectedException("The file could not be parsed as " + contentType(metadata) + ": "
                    + rootMessage(e));
        }
        String type = contentType(metadata);
        String text = handler.toString().strip();
        if (text.isEmpty()) {
            throw new DocumentRejectedException("No text found in this " + type + " file. Tandem ingests " + SUPPORTED
                    + "; scanned PDFs need OCR first.");
        }
        Instant modified = modifiedMillis != null ? Instant.ofEpochMilli(modifiedMillis) : Instant.now();
        return new ParsedDocument(source, name, type, text, metadata.get(TikaCoreProperties.TITLE),
                sha256(content), content.length, modified);
    }

    private static String contentType(Metadata metadata) {
        String type = metadata.get(Metadata.CONTENT_TYPE);
        if (type == null) {
            return "unknown";
        }
        int parameters = type.indexOf(';');
        return parameters >= 0 ? type.substring(0, parameters).strip() : type;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f", bytes / (1024.0 * 1024.0));
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
