package dev.tandem.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The cache of checked tool lists and compiled schemas: one computation per distinct key, bounded, nothing kept on failure. */
class BoundedCacheTest {

    private final List<String> computed = new ArrayList<>();
    private final BoundedCache<String, Integer> cache = new BoundedCache<>(2);

    private Integer length(String key) {
        computed.add(key);
        return key.length();
    }

    @Test
    void should_compute_once_for_keys_that_are_equal() {
        assertThat(cache.get("tools", Function.identity(), this::length)).isEqualTo(5);
        assertThat(cache.get(new String("tools"), Function.identity(), this::length)).isEqualTo(5);

        assertThat(computed).containsExactly("tools");
    }

    @Test
    void should_keep_no_more_keys_than_its_capacity() {
        cache.get("a", Function.identity(), this::length);
        cache.get("bb", Function.identity(), this::length);
        cache.get("ccc", Function.identity(), this::length);
        computed.clear();

        cache.get("a", Function.identity(), this::length);
        cache.get("bb", Function.identity(), this::length);
        cache.get("ccc", Function.identity(), this::length);

        assertThat(computed).isNotEmpty(); // one of the three had to make room
    }

    @Test
    void should_keep_nothing_when_the_computation_fails() {
        assertThatThrownBy(() -> cache.get("bad", Function.identity(), key -> {
            throw new IllegalArgumentException("not usable");
        })).hasMessage("not usable");

        assertThat(cache.get("bad", Function.identity(), this::length)).isEqualTo(3);
        assertThat(computed).containsExactly("bad");
    }
}
