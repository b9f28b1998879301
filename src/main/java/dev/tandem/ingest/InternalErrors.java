package dev.tandem.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception that is neither a rejected document nor a back end that is down is a bug in Tandem, not in the
 * document: the source stays where it is and is tried again at the next poll, up to {@link #ATTEMPTS} times per
 * version of the source; only then does it go to {@code .failed}, its note saying it was an internal error.
 */
public final class InternalErrors {

    static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(InternalErrors.class);

    private final IngestStatus status;
    /** Failed attempts per source version; a version that is given up is forgotten. */
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    public InternalErrors(IngestStatus status) {
        this.status = status;
    }

    /**
     * Counts this failure and says whether it was the last attempt; the {@code handled} predicate of the error
     * handler, so it remembers its answer on the exchange in case it is asked twice.
     */
    public boolean giveUp(Exchange exchange) {
        Boolean decided = exchange.getProperty(IngestProperties.GIVE_UP, Boolean.class);
        if (decided != null) {
            return decided;
        }
        String version = exchange.getMessage().getHeader(IngestHeaders.SOURCE) + "@"
                + exchange.getMessage().getHeader(IngestHeaders.MODIFIED);
        int attempt = attempts.merge(version, 1, Integer::sum);
        boolean giveUp = attempt >= ATTEMPTS;
        if (giveUp) {
            attempts.remove(version);
        }
        exchange.setProperty(IngestProperties.GIVE_UP, giveUp);
        return giveUp;
    }

    /** Logs the bug with its stack trace and counts it. */
    public void record(@Header(IngestHeaders.SOURCE) String source,
            @ExchangeProperty(IngestProperties.GIVE_UP) Boolean giveUp,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        status.internalError();
        LOG.error("Internal error while ingesting {}: {}", source, Boolean.TRUE.equals(giveUp)
                ? "given up after " + ATTEMPTS + " attempts, moved to .failed"
                : "left in place, tried again at the next poll", cause);
    }
}
