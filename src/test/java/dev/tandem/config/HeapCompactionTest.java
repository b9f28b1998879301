package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapCompactionTest {

    @Test
    void should_run_a_full_collection_when_explicit_collections_are_allowed() {
        try (RequestedCollections collections = RequestedCollections.watch()) {
            assertThat(HeapCompaction.compact()).isTrue();

            assertThat(collections.awaitAllReported()).isEqualTo(1);
        }
    }

    @Test
    void should_leave_the_heap_as_it_is_when_the_jvm_disables_explicit_collections() {
        try (RequestedCollections collections = RequestedCollections.watch()) {
            assertThat(HeapCompaction.compactUnless(true)).isFalse();

            assertThat(collections.awaitAllReported()).isZero();
        }
    }
}
