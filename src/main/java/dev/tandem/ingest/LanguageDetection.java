package dev.tandem.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import com.google.common.base.Optional;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;

/**
 * The language of a text, by the n-gram profiles of ~70 languages. Their detector takes about 100 MB of heap, a
 * quarter of what Tandem may use, for work that is done only while documents come in: it is built when a document
 * first needs it and let go once no document has needed it for a while ({@link #releaseIfIdle}), so that a Tandem
 * that only serves chat and search does not carry it. One detector per JVM, shared by every analyzer (detection is
 * thread-safe): one per Tandem filled a test JVM's 2 GB heap once a dozen Tandems had started in it.
 */
public final class LanguageDetection {

    /**
     * How long the detector stays after its last use: the files of a batch come seconds apart, and building it again
     * for the next batch costs one to two seconds of CPU.
     */
    public static final Duration KEPT_WHILE_IDLE = Duration.ofMinutes(1);

    private static final Object LOCK = new Object();
    private static volatile LanguageDetector detector;
    private static volatile long lastUse;

    private LanguageDetection() {
    }

    /** The text's ISO 639-1 code (zh-cn, zh-tw for Chinese), or {@code unknown} when no profile is confident. */
    public static String detect(CharSequence text) {
        lastUse = System.nanoTime();
        Optional<LdLocale> detected = detector().detect(text);
        return detected.isPresent() ? detected.get().getLanguage() : "unknown";
    }

    /** Lets the detector go if it was not used for {@link #KEPT_WHILE_IDLE} (the timer of idle-memory-release). */
    public static boolean releaseIfIdle() {
        return releaseIfIdleFor(KEPT_WHILE_IDLE);
    }

    /** Lets the detector go if it was not used for this long; true if it did. */
    static boolean releaseIfIdleFor(Duration idle) {
        synchronized (LOCK) {
            if (detector == null || System.nanoTime() - lastUse < idle.toNanos()) {
                return false;
            }
            detector = null;
            return true;
        }
    }

    /** Whether the profiles are in memory now. */
    static boolean loaded() {
        return detector != null;
    }

    private static LanguageDetector detector() {
        LanguageDetector current = detector;
        if (current != null) {
            return current;
        }
        synchronized (LOCK) {
            if (detector == null) {
                detector = build();
            }
            return detector;
        }
    }

    private static LanguageDetector build() {
        try {
            return LanguageDetectorBuilder.create(NgramExtractors.standard())
                    .withProfiles(new LanguageProfileReader().readAllBuiltIn())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("The language profiles are missing from the class path", e);
        }
    }
}
