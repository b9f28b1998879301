package dev.tandem.mcp.gateway;

/** A call that did not reach its upstream, or got no answer in time: the caller is told why, in words. */
public final class UpstreamUnavailableException extends RuntimeException {

    private final boolean timedOut;

    UpstreamUnavailableException(String message, boolean timedOut) {
        super(message, null, false, false);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
