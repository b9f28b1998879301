package dev.tandem.logging;

import java.util.List;

import dev.tandem.config.Secrets;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;
import org.apache.logging.log4j.core.pattern.PatternFormatter;

/**
 * {@code %masked{pattern}}: the pattern's text, message and stack trace included, with every secret masked by
 * {@link Secrets}. It works on the text as written, so a secret a library logs (the MongoDB driver, Camel, the AWS
 * SDK) is masked as well as Tandem's own. Found through {@code packages} in {@code log4j2.properties}.
 */
@Plugin(name = "MaskedConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"masked"})
public final class MaskedConverter extends LogEventPatternConverter {

    private final List<PatternFormatter> formatters;

    private MaskedConverter(List<PatternFormatter> formatters) {
        super("masked", "masked");
        this.formatters = formatters;
    }

    public static MaskedConverter newInstance(Configuration config, String[] options) {
        if (options.length != 1) {
            throw new IllegalArgumentException("%masked takes one pattern: %masked{%msg%n%throwable}");
        }
        return new MaskedConverter(PatternLayout.createPatternParser(config).parse(options[0], true, false, false));
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        StringBuilder text = new StringBuilder();
        for (PatternFormatter formatter : formatters) {
            formatter.format(event, text);
        }
        toAppendTo.append(Secrets.maskText(text.toString()));
    }

    /** The stack trace is written inside the masked pattern, so the layout must not add one outside it. */
    @Override
    public boolean handlesThrowable() {
        return true;
    }
}
