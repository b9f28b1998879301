package dev.tandem.logging;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything logged while it is open, at the level given and above, written with the layout of Tandem's console
 * appender (log4j2.properties): the log exactly as a user would read it.
 */
public final class CapturedLog implements AutoCloseable {

    private final StringBuffer text = new StringBuffer();
    private final LoggerContext context;
    private final Appender appender;
    private final Level previousLevel;

    private CapturedLog(Level level) {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        Appender console = config.getAppender("console");
        appender = new AbstractAppender("captured-" + UUID.randomUUID(), null, console.getLayout(), true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                text.append(new String(getLayout().toByteArray(event), StandardCharsets.UTF_8));
            }
        };
        appender.start();
        LoggerConfig root = config.getRootLogger();
        previousLevel = root.getLevel();
        root.addAppender(appender, null, null);
        // the console keeps to its usual level: a DEBUG flood on the test output would only slow the build
        root.removeAppender(console.getName());
        root.addAppender(console, previousLevel, null);
        root.setLevel(level);
        context.updateLoggers();
    }

    public static CapturedLog start(Level level) {
        return new CapturedLog(level);
    }

    public String text() {
        return text.toString();
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(appender.getName());
        Appender console = config.getAppender("console");
        root.removeAppender(console.getName());
        root.addAppender(console, null, null);
        root.setLevel(previousLevel);
        context.updateLoggers();
        appender.stop();
    }
}
