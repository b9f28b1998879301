package dev.tandem.observe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.Secrets;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * {@code /observe/health}: UP (200) only when every check is UP: Elasticsearch, the context and each route. A check
 * whose result carries the detail {@link #NON_FATAL} (an upstream MCP server) is listed but does not decide.
 */
public final class HealthReport {

    public static final String NON_FATAL = "tandem.nonFatal";

    private static final ObjectMapper JSON = new ObjectMapper();

    public void report(Exchange exchange) throws JsonProcessingException {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(exchange.getContext(), "full");
        boolean up = !results.isEmpty() && results.stream().allMatch(r -> r.getState() == HealthCheck.State.UP
                || nonFatal(r));
        List<Map<String, Object>> checks = new ArrayList<>();
        results.stream().sorted(Comparator.comparing(r -> r.getCheck().getId())).forEach(r -> {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", r.getCheck().getId());
            check.put("status", r.getState().name());
            r.getMessage().ifPresent(m -> check.put("message", Secrets.maskText(m)));
            if (nonFatal(r)) {
                check.put("fatal", false);
            }
            checks.add(check);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(JSON.writeValueAsString(body));
    }

    private static boolean nonFatal(HealthCheck.Result result) {
        return Boolean.TRUE.equals(result.getDetails().get(NON_FATAL));
    }
}
