package dev.tandem.ingest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * What one class logged at INFO and above while a test ran, seen at the root logger. The class's level is lowered to
 * INFO meanwhile when it is higher: S3Mock's Spring Boot, started by an earlier test of the run, leaves the root at
 * WARN.
 */
final class CapturedLog extends AbstractAppender implements AutoCloseable {

    private final String source;
    private final LoggerConfig root;
    private final Level previousLevel;
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();

    private CapturedLog(Class<?> source) {
        super("captured-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY);
        this.source = source.getName();
        root = LoggerContext.getContext(false).getConfiguration().getRootLogger();
        previousLevel = LogManager.getLogger(source).getLevel();
        if (previousLevel.isMoreSpecificThan(Level.WARN)) {
            Configurator.setLevel(this.source, Level.INFO);
        }
        start();
        root.addAppender(this, null, null);
    }

    static CapturedLog of(Class<?> source) {
        return new CapturedLog(source);
    }

    @Override
    public void append(LogEvent event) {
        if (source.equals(event.getLoggerName())) {
            events.add(event.toImmutable());
        }
    }

    List<LogEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        root.removeAppender(getName());
        Configurator.setLevel(source, previousLevel);
        stop();
    }
}
