package dev.tandem.ingest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** What one class logged while a test ran, seen at the root logger so the configuration stays as it is. */
final class CapturedLog extends AbstractAppender implements AutoCloseable {

    private final String source;
    private final LoggerConfig root;
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();

    private CapturedLog(Class<?> source) {
        super("captured-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY);
        this.source = source.getName();
        root = LoggerContext.getContext(false).getConfiguration().getRootLogger();
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
        stop();
    }
}
