package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LanguageDetectionTest {

    private static final String FRENCH = "Le pipeline découpe chaque document en passages, puis les passages sont "
            + "indexés avec leurs vecteurs afin que la recherche hybride retrouve les plus proches de la question.";
    private static final String ENGLISH = "The pipeline cuts each document into passages, and the passages are "
            + "indexed with their vectors so that hybrid search finds those closest to the question.";

    @Test
    void should_load_the_profiles_only_when_a_text_needs_them() {
        LanguageDetection.releaseIfIdleFor(Duration.ZERO);
        assertThat(LanguageDetection.loaded()).isFalse();

        assertThat(LanguageDetection.detect(ENGLISH)).isEqualTo("en");
        assertThat(LanguageDetection.loaded()).isTrue();
    }

    @Test
    void should_keep_the_profiles_while_in_use_and_detect_the_same_after_letting_them_go() {
        assertThat(LanguageDetection.detect(FRENCH)).isEqualTo("fr");

        assertThat(LanguageDetection.releaseIfIdleFor(LanguageDetection.KEPT_WHILE_IDLE)).isFalse();
        assertThat(LanguageDetection.loaded()).isTrue();

        assertThat(LanguageDetection.releaseIfIdleFor(Duration.ZERO)).isTrue();
        assertThat(LanguageDetection.loaded()).isFalse();
        assertThat(LanguageDetection.detect(FRENCH)).isEqualTo("fr");
        assertThat(LanguageDetection.detect(ENGLISH)).isEqualTo("en");
    }
}
