package dev.tandem.config;

import org.apache.camel.support.service.ServiceSupport;

/** A Camel service that closes a resource when the context stops, so clients and processes end with Tandem. */
public final class ClosingService extends ServiceSupport {

    private final AutoCloseable resource;

    private ClosingService(AutoCloseable resource) {
        this.resource = resource;
    }

    public static ClosingService of(AutoCloseable resource) {
        return new ClosingService(resource);
    }

    @Override
    protected void doStop() throws Exception {
        resource.close();
    }
}
