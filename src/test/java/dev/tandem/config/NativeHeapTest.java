package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeHeapTest {

    @Test
    void should_have_the_jvm_trim_the_native_heap_on_linux_with_glibc() {
        assertThat(NativeHeap.trim()).isTrue();
    }
}
