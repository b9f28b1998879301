package dev.tandem.mcp.modern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RequestStateCodecTest {

    private static final byte[] KEY = key(7);
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    private final RequestStateCodec codec = new RequestStateCodec(KEY, Duration.ofMinutes(5), NOW);

    @Test
    void should_open_on_another_instance_with_the_same_key_what_one_sealed() throws Exception {
        RequestState state = state(codec.expiry());
        String sealed = codec.seal(state);

        RequestState opened = new RequestStateCodec(KEY, Duration.ofMinutes(5), NOW).open(sealed);

        assertThat(opened).isEqualTo(state);
        assertThat(sealed).startsWith("v1.").doesNotContain("confirm", "alice");
    }

    @Test
    void should_refuse_a_state_changed_by_one_character() {
        String sealed = codec.seal(state(codec.expiry()));
        char last = sealed.charAt(sealed.length() - 5);
        String changed = sealed.substring(0, sealed.length() - 5) + (last == 'A' ? 'B' : 'A')
                + sealed.substring(sealed.length() - 4);

        assertThatThrownBy(() -> codec.open(changed)).isInstanceOf(RequestStateCodec.InvalidStateException.class)
                .hasMessageContaining("was changed");
        assertThatThrownBy(() -> codec.open(sealed + "-TAMPERED"))
                .isInstanceOf(RequestStateCodec.InvalidStateException.class);
    }

    @Test
    void should_refuse_a_state_sealed_with_another_key() {
        String foreign = new RequestStateCodec(key(8), Duration.ofMinutes(5), NOW).seal(state(codec.expiry()));

        assertThatThrownBy(() -> codec.open(foreign)).isInstanceOf(RequestStateCodec.InvalidStateException.class)
                .hasMessageContaining("another key")
                .hasMessageContaining("before a restart, or by a replica without the same TANDEM_MCP_STATE_KEY");
    }

    @Test
    void should_refuse_a_state_once_it_lapsed() {
        String sealed = codec.seal(state(codec.expiry()));
        RequestStateCodec later = new RequestStateCodec(KEY, Duration.ofMinutes(5), Clock.offset(NOW,
                Duration.ofMinutes(5)));

        assertThatThrownBy(() -> later.open(sealed)).hasMessageContaining("expired");
    }

    @Test
    void should_refuse_text_that_is_no_state_at_all() {
        assertThatThrownBy(() -> codec.open("hello")).hasMessageContaining("not one Tandem issued");
        assertThatThrownBy(() -> codec.open("v1.AAAA")).hasMessageContaining("not one Tandem issued");
    }

    private static RequestState state(long expires) {
        return new RequestState("alice:tools", "tools/call", "documentdb_delete", "digest", expires,
                Map.of("elicit-1", "elicitation/create"), Map.of("earlier", Map.of("action", "accept",
                        "content", Map.of("confirm", true))));
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
