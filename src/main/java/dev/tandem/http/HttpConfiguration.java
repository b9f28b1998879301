package dev.tandem.http;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;

/** The HTTP floor every API shares: which headers reach a response, and the error bodies. */
public final class HttpConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        context.getComponent("platform-http", PlatformHttpComponent.class).setHeaderFilterStrategy(new ResponseHeaders());
        context.getRegistry().bind("errorResponses", new ErrorResponses());
    }
}
