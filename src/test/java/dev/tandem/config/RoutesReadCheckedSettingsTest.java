package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * One way for routes and Java to read a setting: routes get checked values (route template parameters, or
 * {@code {{bean:...}}} of a bean built from the checked configuration), never a raw {@code tandem.*} or environment
 * placeholder, which would read a value the check did not see (or a variable that is not a setting at all).
 */
class RoutesReadCheckedSettingsTest {

    private static final Pattern RAW_SETTING = Pattern.compile("\\{\\{(tandem\\.|env:|sysenv:)[^}]*}}");

    @Test
    void should_find_no_raw_setting_placeholder_in_any_route() throws IOException {
        List<String> raw;
        try (Stream<Path> routes = Files.list(Path.of("src/main/resources/routes"))) {
            raw = routes.filter(route -> route.toString().endsWith(".camel.yaml"))
                    .flatMap(RoutesReadCheckedSettingsTest::rawPlaceholders).toList();
        }
        assertThat(raw).isEmpty();
    }

    private static Stream<String> rawPlaceholders(Path route) {
        try {
            Matcher matcher = RAW_SETTING.matcher(Files.readString(route));
            return matcher.results().map(found -> route.getFileName() + ": " + found.group());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + route, e);
        }
    }
}
