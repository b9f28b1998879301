package dev.tandem.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Runs a step when Tandem begins to stop, before Camel waits for the exchanges in flight: a stream a client keeps open
 * is such an exchange, and would hold the shutdown until Camel's timeout unless it is ended first.
 */
public final class OnStopping {

    private OnStopping() {
    }

    public static void run(CamelContext context, Runnable step) {
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStoppingEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                step.run();
            }
        });
    }
}
