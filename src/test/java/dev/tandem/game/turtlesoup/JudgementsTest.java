package dev.tandem.game.turtlesoup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class JudgementsTest {

    @Test
    void should_take_exactly_one_json_object_with_a_known_label() {
        assertThat(Judgements.label("{\"answer\": \"yes\"}")).contains(Label.YES);
        assertThat(Judgements.label("  {\"answer\":\"irrelevant\"}\n")).contains(Label.IRRELEVANT);
        assertThat(Judgements.label("```json\n{\"answer\": \"no\"}\n```")).contains(Label.NO);
    }

    @Test
    void should_reject_a_reply_that_carries_anything_besides_the_label() {
        assertThat(Judgements.label("{\"answer\": \"yes\", \"story\": \"He was a diver.\"}")).isEmpty();
        assertThat(Judgements.label("The story is about a diver. {\"answer\": \"yes\"}")).isEmpty();
        assertThat(Judgements.label("{\"answer\": \"yes\"} because he was a diver")).isEmpty();
        assertThat(Judgements.label("{\"answer\": \"yes\"}{\"answer\": \"no\"}")).isEmpty();
        assertThat(Judgements.label("{\"answer\": \"no\", \"answer\": \"yes\"}")).isEmpty();
    }

    @Test
    void should_reject_labels_outside_the_set_and_free_text() {
        assertThat(Judgements.label("{\"answer\": \"Yes\"}")).isEmpty();
        assertThat(Judgements.label("{\"answer\": \"partly\"}")).isEmpty();
        assertThat(Judgements.label("{\"answer\": true}")).isEmpty();
        assertThat(Judgements.label("yes")).isEmpty();
        assertThat(Judgements.label("")).isEmpty();
        assertThat(Judgements.label(null)).isEmpty();
    }

    @Test
    void should_take_key_fact_numbers_only_within_range_and_once_each() {
        assertThat(Judgements.covered("{\"covered\": [3, 1]}", 3)).contains(Set.of(1, 3));
        assertThat(Judgements.covered("{\"covered\": []}", 3)).contains(Set.of());
        assertThat(Judgements.covered("{\"covered\": [4]}", 3)).isEmpty();
        assertThat(Judgements.covered("{\"covered\": [0]}", 3)).isEmpty();
        assertThat(Judgements.covered("{\"covered\": [1, 1]}", 3)).isEmpty();
        assertThat(Judgements.covered("{\"covered\": [\"1\"]}", 3)).isEmpty();
        assertThat(Judgements.covered("{\"covered\": 2}", 3)).isEqualTo(Optional.empty());
    }
}
