package dev.tandem.llm.api;

import java.util.List;
import java.util.function.Supplier;

import dev.tandem.http.Caller;
import dev.tandem.http.CallerMetrics;
import dev.tandem.llm.Prices;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.agent.AgentRun;
import dev.tandem.llm.plan.BranchResult;
import dev.tandem.llm.plan.PlanRun;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The tokens and cost of each answer of the ask path ({@code /v1/chat/completions}, {@code /api/ask}, with or
 * without tools), counted for the API key that asked, once its exchange completed: the routes say nothing about it;
 * the reader of those requests marks their exchanges ({@link #request}).
 */
public final class CallerUsage extends EventNotifierSupport {

    /** The id of the request's own exchange. */
    private static final String REQUEST = "tandemAskExchange";

    /** Looked up when the first answer completes: the HTTP configuration binds it, whatever the order of configurations. */
    private final Supplier<CallerMetrics> metrics;
    /** What {@link #metrics} found, kept: a registry lookup by type walks every bean, on every answer otherwise. */
    private volatile CallerMetrics found;
    private final Prices prices;

    public CallerUsage(Supplier<CallerMetrics> metrics, Prices prices) {
        this.metrics = metrics;
        this.prices = prices;
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    /**
     * The completion of an ask request's own exchange, the one {@link #request} marked. The copies the round's
     * recipient list makes for the branches carry the mark and complete too, one each, on the branches' threads:
     * counted, they counted each answer once per branch more.
     */
    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeCompletedEvent completed
                && completed.getExchange().getExchangeId().equals(completed.getExchange().getProperty(REQUEST));
    }

    /** Marks the exchange of an ask request as the one whose answer is counted (its copies keep the mark). */
    static void request(Exchange exchange) {
        exchange.setProperty(REQUEST, exchange.getExchangeId());
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeCompletedEvent) event).getExchange();
        PlanRun run = exchange.getProperty(PlanRun.PROPERTY, PlanRun.class);
        AgentRun agent = exchange.getProperty(AgentRun.PROPERTY, AgentRun.class);
        Caller.fromHeader(exchange.getIn().getHeader(Caller.HEADER, String.class)).ifPresent(caller -> {
            if (agent != null) {
                counted(caller, agent.answered());
            } else if (run != null) {
                ChatOutcome outcome = new ChatOutcome(run, prices);
                TokenUsage usage = outcome.totalUsage();
                metrics().answered(caller.name(), usage.inputTokens(), usage.outputTokens(),
                        outcome.estimatedCost().orElse(0.0));
            }
        });
    }

    /** A tool loop's answer: the tokens and cost of every model turn. */
    private void counted(Caller caller, List<BranchResult> answered) {
        long in = 0;
        long out = 0;
        double cost = 0;
        for (BranchResult r : answered) {
            in += r.answer().usage().inputTokens();
            out += r.answer().usage().outputTokens();
            cost += prices.of(r.backend().id()).map(p -> p.of(r.answer().usage())).orElse(0.0);
        }
        metrics().answered(caller.name(), in, out, cost);
    }

    private CallerMetrics metrics() {
        CallerMetrics known = found;
        if (known == null) {
            known = metrics.get();
            found = known;
        }
        return known;
    }
}
