package dev.tandem.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.core.search.Hit;
import org.junit.jupiter.api.Test;

/** How hybrid search merges its BM25 and kNN rankings: reciprocal rank fusion with k = 5. */
class ReciprocalRankFusionTest {

    @Test
    void should_rank_first_a_hit_both_searches_found_over_hits_only_one_ranked_first() {
        List<HybridSearch.Fused> fused = HybridSearch.fuse(List.of(ranking("a", "shared"), ranking("b", "shared")), 3);

        assertThat(fused).extracting(HybridSearch.Fused::id).containsExactly("shared", "a", "b");
    }

    @Test
    void should_score_each_hit_by_the_sum_of_one_over_five_plus_its_rank() {
        List<HybridSearch.Fused> fused = HybridSearch.fuse(List.of(ranking("a", "b", "c"), ranking("c")), 3);

        assertThat(fused).extracting(HybridSearch.Fused::id).containsExactly("c", "a", "b");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 8 + 1.0 / 6, within(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(fused.get(2).score()).isCloseTo(1.0 / 7, within(1e-12));
    }

    @Test
    void should_keep_only_the_k_best() {
        List<HybridSearch.Fused> fused = HybridSearch.fuse(List.of(ranking("a", "b", "c", "d"), ranking("d", "e")), 2);

        assertThat(fused).extracting(HybridSearch.Fused::id).containsExactly("d", "a");
    }

    @Test
    void should_return_nothing_when_neither_search_found_anything() {
        assertThat(HybridSearch.fuse(List.of(ranking(), ranking()), 5)).isEmpty();
    }

    @SuppressWarnings("rawtypes")
    private static List<Hit<Map>> ranking(String... ids) {
        return Arrays.stream(ids).map(id -> Hit.<Map>of(h -> h.id(id).index("chunks"))).toList();
    }
}
