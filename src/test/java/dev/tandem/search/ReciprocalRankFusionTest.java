package dev.tandem.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.tandem.search.HybridSearch.Fused;
import org.junit.jupiter.api.Test;

/** The reciprocal rank fusion of hybrid search, on bare rankings: scores, order, ties and how many it keeps. */
@SuppressWarnings("rawtypes")
class ReciprocalRankFusionTest {

    private static final int K = HybridSearch.RRF_K;

    private static List<Hit<Map>> ranking(String... ids) {
        return Arrays.stream(ids).map(id -> Hit.<Map>of(h -> h.id(id).index("chunks"))).toList();
    }

    private static double rank(int oneBased) {
        return 1.0 / (K + oneBased);
    }

    @Test
    void should_score_each_chunk_by_the_sum_of_its_reciprocal_ranks_in_both_lists() {
        List<Fused> fused = HybridSearch.fuse(List.of(ranking("a", "b", "c"), ranking("c", "a", "d")), 10);

        assertThat(fused).extracting(Fused::id).containsExactly("a", "c", "b", "d");
        assertThat(fused.get(0).score()).isCloseTo(rank(1) + rank(2), within(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(rank(3) + rank(1), within(1e-12));
        assertThat(fused.get(2).score()).isCloseTo(rank(2), within(1e-12));
        assertThat(fused.get(3).score()).isCloseTo(rank(3), within(1e-12));
    }

    @Test
    void should_keep_a_chunk_that_only_the_vector_search_found() {
        List<Fused> fused = HybridSearch.fuse(List.of(ranking(), ranking("meaning", "other")), 10);

        assertThat(fused).extracting(Fused::id).containsExactly("meaning", "other");
        assertThat(fused.get(0).score()).isCloseTo(rank(1), within(1e-12));
    }

    @Test
    void should_keep_a_chunk_that_only_the_keyword_search_found() {
        List<Fused> fused = HybridSearch.fuse(List.of(ranking("identifier"), ranking("x", "y")), 10);

        assertThat(fused).extracting(Fused::id).containsExactly("identifier", "x", "y");
    }

    @Test
    void should_let_a_chunk_both_searches_rank_second_beat_one_that_only_one_ranks_first() {
        List<Fused> fused = HybridSearch.fuse(List.of(ranking("keyword", "both"), ranking("vector", "both")), 10);

        assertThat(fused.get(0).id()).isEqualTo("both");
    }

    @Test
    void should_break_ties_in_the_order_the_chunks_were_first_ranked_so_results_are_stable() {
        List<Fused> fused = HybridSearch.fuse(List.of(ranking("k1", "k2"), ranking("v1", "v2")), 10);

        assertThat(fused).extracting(Fused::id).containsExactly("k1", "v1", "k2", "v2");
        assertThat(fused.get(0).score()).isEqualTo(fused.get(1).score());
    }

    @Test
    void should_return_the_best_k_once_each_and_all_when_there_are_fewer() {
        List<List<Hit<Map>>> rankings = List.of(ranking("a", "b", "c"), ranking("a", "d", "b"));

        assertThat(HybridSearch.fuse(rankings, 1)).extracting(Fused::id).containsExactly("a");
        assertThat(HybridSearch.fuse(rankings, 3)).extracting(Fused::id).containsExactly("a", "b", "d");
        assertThat(HybridSearch.fuse(rankings, 50)).extracting(Fused::id).containsExactly("a", "b", "d", "c");
        assertThat(HybridSearch.fuse(List.of(ranking(), ranking()), 5)).isEmpty();
    }
}
