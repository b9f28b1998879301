package dev.tandem.game.turtlesoup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class JudgementsTest {

    @Test
    void should_take_exactly_one_json_object_with_a_known_label_and_a_confidence() {
        assertThat(Judgements.label("{\"answer\": \"yes\", \"confidence\": 0.9}")).contains(Label.YES);
        assertThat(Judgements.label("  {\"confidence\": 1, \"answer\":\"irrelevant\"}\n")).contains(Label.IRRELEVANT);
        assertThat(Judgements.label("```json\n{\"answer\": \"no\", \"confidence\": 0}\n```")).contains(Label.NO);
    }

    @Test
    void should_reject_a_reply_that_carries_anything_besides_the_label_and_its_confidence() {
        assertThat(Judgements.label("{\"answer\": \"yes\", \"confidence\": 0.9, \"story\": \"He was a diver.\"}"))
                .isEmpty();
        assertThat(Judgements.label("The story is about a diver. {\"answer\": \"yes\", \"confidence\": 0.9}"))
                .isEmpty();
        assertThat(Judgements.label("{\"answer\": \"yes\", \"confidence\": 0.9} because he was a diver")).isEmpty();
        assertThat(Judgements.label("{\"answer\": \"yes\", \"confidence\": 0.9}{\"answer\": \"no\"}")).isEmpty();
        assertThat(Judgements.label("{\"answer\": \"no\", \"answer\": \"yes\", \"confidence\": 0.9}")).isEmpty();
        assertThat(Judgements.label("{\"answer\": \"yes\", \"story\": \"He was a diver.\"}")).isEmpty();
    }

    @Test
    void should_reject_labels_outside_the_set_and_free_text() {
        assertThat(Judgements.label("{\"answer\": \"Yes\", \"confidence\": 0.9}")).isEmpty();
        assertThat(Judgements.label("{\"answer\": \"partly\", \"confidence\": 0.9}")).isEmpty();
        assertThat(Judgements.label("{\"answer\": true, \"confidence\": 0.9}")).isEmpty();
        assertThat(Judgements.label("yes")).isEmpty();
        assertThat(Judgements.label("")).isEmpty();
        assertThat(Judgements.label(null)).isEmpty();
    }

    @Test
    void should_reject_a_judgement_without_a_confidence_from_0_to_1() {
        assertThat(Judgements.label("{\"answer\": \"yes\"}")).isEmpty();
        assertThat(Judgements.label("{\"answer\": \"yes\", \"confidence\": 1.5}")).isEmpty();
        assertThat(Judgements.label("{\"answer\": \"yes\", \"confidence\": -0.1}")).isEmpty();
        assertThat(Judgements.label("{\"answer\": \"yes\", \"confidence\": \"high\"}")).isEmpty();
        assertThat(Judgements.covered("{\"covered\": [1]}", 3)).isEmpty();
    }

    @Test
    void should_take_key_fact_numbers_only_within_range_and_once_each() {
        assertThat(Judgements.covered("{\"covered\": [3, 1], \"confidence\": 0.8}", 3)).contains(Set.of(1, 3));
        assertThat(Judgements.covered("{\"covered\": [], \"confidence\": 0.8}", 3)).contains(Set.of());
        assertThat(Judgements.covered("{\"covered\": [4], \"confidence\": 0.8}", 3)).isEmpty();
        assertThat(Judgements.covered("{\"covered\": [0], \"confidence\": 0.8}", 3)).isEmpty();
        assertThat(Judgements.covered("{\"covered\": [1, 1], \"confidence\": 0.8}", 3)).isEmpty();
        assertThat(Judgements.covered("{\"covered\": [\"1\"], \"confidence\": 0.8}", 3)).isEmpty();
        assertThat(Judgements.covered("{\"covered\": 2, \"confidence\": 0.8}", 3)).isEqualTo(Optional.empty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_ask_in_each_schema_for_the_judgement_and_a_confidence_and_nothing_else() {
        for (Map<String, Object> schema : List.of(Judgements.LABEL_SCHEMA, Judgements.coveredSchema(3))) {
            List<String> required = (List<String>) schema.get("required");
            assertThat(schema).containsEntry("additionalProperties", false);
            assertThat(required).hasSize(2).contains("confidence");
            assertThat(((Map<String, Object>) schema.get("properties")).keySet())
                    .containsExactlyInAnyOrderElementsOf(required);
        }
    }
}
