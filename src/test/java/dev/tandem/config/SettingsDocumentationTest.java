package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's settings tables against application.properties, the one place a setting and its default are written:
 * each row is {@code | `VARIABLE` | `property` | `default` or unset | meaning |}.
 */
class SettingsDocumentationTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z0-9_]+)` \\| `([a-z][\\w.-]*)` \\| (.*?) \\| .* \\|$");

    private final Map<String, ApplicationProperties.Setting> settings = ApplicationProperties.read().settings();

    @Test
    void should_document_every_setting_with_its_variable_and_default() throws IOException {
        Map<String, String[]> rows = readmeRows();
        List<String> problems = new ArrayList<>();
        settings.values().forEach(setting -> {
            String[] row = rows.get(setting.key());
            if (row == null) {
                problems.add(setting.key() + " is missing from the README");
                return;
            }
            if (!row[0].equals(setting.environmentVariable())) {
                problems.add(setting.key() + ": README says " + row[0] + ", application.properties "
                        + setting.environmentVariable());
            }
            String documented = setting.defaultValue().isEmpty() ? "unset" : "`" + setting.defaultValue() + "`";
            if (!row[1].equals(documented)) {
                problems.add(setting.key() + ": README default " + row[1] + ", application.properties " + documented);
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void should_document_no_setting_that_does_not_exist() throws IOException {
        assertThat(readmeRows().keySet()).allSatisfy(key -> assertThat(settings).containsKey(key));
    }

    /** property to (variable, default cell); a property documented twice is a problem of its own. */
    private static Map<String, String[]> readmeRows() throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches()) {
                assertThat(rows.put(m.group(2), new String[] {m.group(1), m.group(3)})).as(m.group(2) + " twice")
                        .isNull();
            }
        }
        return rows;
    }
}
