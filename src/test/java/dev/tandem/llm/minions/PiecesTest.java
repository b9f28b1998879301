package dev.tandem.llm.minions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PiecesTest {

    @Test
    void should_let_short_sources_share_a_piece() {
        List<Piece> pieces = Pieces.cut(List.of(source(1, "Alpha one."), source(2, "Beta two.")), 100);

        assertThat(pieces).hasSize(1);
        assertThat(pieces.get(0).sources()).containsExactly(1, 2);
    }

    @Test
    void should_never_split_a_source_that_fits_in_a_piece() {
        String second = "Second source, first sentence. Second source, second sentence.";
        List<Piece> pieces = Pieces.cut(List.of(source(1, "x".repeat(50)), source(2, second)), 80);

        assertThat(pieces).hasSize(2);
        assertThat(pieces.get(1).parts()).singleElement().satisfies(part -> assertThat(part.text()).isEqualTo(second));
    }

    @Test
    void should_cut_a_long_source_between_sentences_and_lose_nothing() {
        String text = "The first sentence is here. The second one follows it. A third closes the text.";
        List<Piece> pieces = Pieces.cut(List.of(source(7, text)), 40);

        assertThat(pieces).hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p.sources()).containsExactly(7));
        assertThat(pieces).allSatisfy(p -> assertThat(p.parts().get(0).text()).endsWith("."));
        assertThat(String.join(" ", pieces.stream().map(p -> p.textOf(7).strip()).toList())).isEqualTo(text);
    }

    @Test
    void should_cut_text_without_full_stops_at_spaces_within_the_piece_size() {
        String json = "{\"items\": [" + "\"an item of a tool result\", ".repeat(30) + "\"last\"]}";
        List<Piece> pieces = Pieces.cut(List.of(source(1, json)), 100);

        assertThat(pieces).allSatisfy(p -> assertThat(p.textOf(1).strip().length()).isLessThanOrEqualTo(100));
        assertThat(String.join("", pieces.stream().map(p -> p.parts().get(0).text()).toList()).replace(" ", ""))
                .isEqualTo(json.replace(" ", ""));
    }

    private static Source source(int n, String text) {
        return new Source(n, "Source " + n, text);
    }
}
