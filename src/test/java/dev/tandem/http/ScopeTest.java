package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Scope labels as settings and the guard's header write them, in any case, with '-' or '_'. */
class ScopeTest {

    @Test
    void should_read_a_scope_label_in_any_case_with_a_dash_or_an_underscore() {
        assertThat(Scope.of("write-tools")).isEqualTo(Scope.WRITE_TOOLS);
        assertThat(Scope.of("WRITE_TOOLS")).isEqualTo(Scope.WRITE_TOOLS);
        assertThat(Scope.of("Write-Tools")).isEqualTo(Scope.WRITE_TOOLS);
        assertThat(Scope.of("ask")).isEqualTo(Scope.ASK);
    }

    @Test
    void should_refuse_a_label_that_names_no_scope() {
        assertThatThrownBy(() -> Scope.of("write")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_write_each_label_as_settings_do() {
        assertThat(Scope.WRITE_TOOLS.label()).isEqualTo("write-tools");
        assertThat(Scope.ADMIN.label()).isEqualTo("admin");
    }
}
