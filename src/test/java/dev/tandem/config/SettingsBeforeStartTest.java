package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The pull command's data dir is the running Tandem's: from .env when set there, else application.properties' default. */
class SettingsBeforeStartTest {

    @Test
    void should_take_the_default_of_application_properties_when_nothing_sets_the_variable() {
        assertThat(SettingsBeforeStart.read(DotEnv.empty()).text("tandem.data.dir"))
                .isEqualTo(ApplicationProperties.read().defaultOf("tandem.data.dir").orElseThrow());
    }

    @Test
    void should_take_the_value_of_dot_env_over_the_default() {
        DotEnv dotEnv = DotEnv.parse(List.of("TANDEM_DATA_DIR=/srv/tandem-data"));

        assertThat(SettingsBeforeStart.read(dotEnv).text("tandem.data.dir")).isEqualTo("/srv/tandem-data");
    }

    @Test
    void should_refuse_a_blank_value_and_a_setting_that_application_properties_does_not_declare() {
        assertThatThrownBy(() -> SettingsBeforeStart.read(DotEnv.parse(List.of("TANDEM_DATA_DIR=  "))).text(
                "tandem.data.dir")).hasMessage("Setting TANDEM_DATA_DIR (tandem.data.dir) is '': expected a value.");
        assertThatThrownBy(() -> SettingsBeforeStart.read(DotEnv.empty()).text("tandem.no.such.setting"))
                .hasMessageContaining("TANDEM_NO_SUCH_SETTING").hasMessageContaining("application.properties");
    }
}
