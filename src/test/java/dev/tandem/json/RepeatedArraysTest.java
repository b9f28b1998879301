package dev.tandem.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Arrays kept lately, found again only where a body holds exactly their bytes. */
class RepeatedArraysTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void remember(RepeatedArrays repeated, String array) {
        byte[] body = bytes("{\"tools\": " + array + "}");
        repeated.remember(body, 10, 10 + bytes(array).length, array);
    }

    @Test
    void should_find_a_kept_array_where_a_body_holds_its_bytes() {
        RepeatedArrays repeated = new RepeatedArrays(2);
        remember(repeated, "[\"météo\"]");

        RepeatedArrays.Known known = repeated.at(bytes("{\"model\": \"m\", \"tools\": [\"météo\"]}"), 24);

        assertThat(known.text()).isEqualTo("[\"météo\"]");
        assertThat(known.bytes()).isEqualTo(bytes("[\"météo\"]"));
        assertThat(repeated.at(bytes("{\"tools\": [\"météo\"]}"), 9)).isNull();
        assertThat(repeated.at(bytes("{\"tools\": [\"meteo\"]}"), 10)).isNull();
        assertThat(repeated.at(bytes("{\"tools\": [\"mét"), 10)).isNull();
    }

    @Test
    void should_let_a_new_array_take_the_place_of_the_one_kept_longest() {
        RepeatedArrays repeated = new RepeatedArrays(2);
        remember(repeated, "[1]");
        remember(repeated, "[2]");
        remember(repeated, "[3]");

        assertThat(repeated.at(bytes("[1]"), 0)).isNull();
        assertThat(repeated.at(bytes("[2]"), 0).text()).isEqualTo("[2]");
        assertThat(repeated.at(bytes("[3]"), 0).text()).isEqualTo("[3]");
    }

    @Test
    void should_keep_no_array_larger_than_256_KB() {
        RepeatedArrays repeated = new RepeatedArrays(2);
        String large = "[\"" + "x".repeat(256 * 1024 - 4) + "\"]";
        String tooLarge = "[\"" + "x".repeat(256 * 1024 - 3) + "\"]";
        remember(repeated, large);
        remember(repeated, tooLarge);

        assertThat(repeated.at(bytes(large), 0)).isNotNull();
        assertThat(repeated.at(bytes(tooLarge), 0)).isNull();
    }
}
