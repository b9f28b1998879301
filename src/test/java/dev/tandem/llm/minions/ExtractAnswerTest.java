package dev.tandem.llm.minions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ExtractAnswerTest {

    private final Piece piece = new Piece(1, List.of(
            new Piece.Part(2, "Ferries", "The harbour ferry leaves every hour from pier 4. Tickets are sold on board."),
            new Piece.Part(5, "Birds", "Puffins nest on the cliffs in spring.")));

    @Test
    void should_keep_quotes_of_the_sources_they_cite_whatever_their_case_and_spacing() {
        ExtractAnswer answer = ExtractAnswer.read("{\"extracts\": [{\"source\": 2, \"quote\":"
                + " \"the harbour ferry  leaves every hour from pier 4.\"}]}", piece);

        assertThat(answer.valid()).isTrue();
        assertThat(answer.extracts()).containsExactly(new Extract(2, "the harbour ferry  leaves every hour from pier 4."));
    }

    @Test
    void should_accept_an_answer_that_nothing_in_the_piece_helps() {
        ExtractAnswer answer = ExtractAnswer.read("{\"extracts\": []}", piece);

        assertThat(answer.valid()).isTrue();
        assertThat(answer.extracts()).isEmpty();
    }

    @Test
    void should_refuse_a_quote_attributed_to_another_source_of_the_piece() {
        ExtractAnswer answer = ExtractAnswer.read("{\"extracts\": [{\"source\": 5, \"quote\": \"Tickets are sold on"
                + " board.\"}]}", piece);

        assertThat(answer.problem()).isEqualTo("an extract that is not a quote of source [5]");
    }

    @Test
    void should_refuse_a_source_the_piece_does_not_hold() {
        assertThat(ExtractAnswer.read("{\"extracts\": [{\"source\": 3, \"quote\": \"Puffins nest\"}]}", piece)
                .problem()).isEqualTo("an extract citing [3], a source this piece does not hold");
    }

    @Test
    void should_refuse_answers_that_are_not_the_json_asked_for() {
        assertThat(ExtractAnswer.read("", piece).problem()).isEqualTo("an empty answer");
        assertThat(ExtractAnswer.read("The ferry leaves hourly.", piece).problem())
                .isEqualTo("an answer that is not JSON");
        assertThat(ExtractAnswer.read("{\"quotes\": []}", piece).problem())
                .isEqualTo("JSON without an \"extracts\" array");
        assertThat(ExtractAnswer.read("{\"extracts\": [{\"source\": \"2\", \"quote\": \"pier 4\"}]}", piece)
                .problem()).isEqualTo("an extract without a source number and a quote");
    }
}
