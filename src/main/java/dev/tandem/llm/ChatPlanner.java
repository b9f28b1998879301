package dev.tandem.llm;

import static dev.tandem.llm.PlanRun.LOCAL;
import static dev.tandem.llm.PlanRun.MERGE;
import static dev.tandem.llm.PlanRun.PROVIDER;

import java.util.ArrayList;
import java.util.List;

import dev.tandem.http.ApiException;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

/**
 * Builds the {@link Plan} of a request: which branches run in which rounds under its strategy, or the one backend
 * a request addresses directly. Leaves a {@link PlanRun} in the exchange for the rest of the flow.
 */
public final class ChatPlanner {

    private final Backends backends;
    private final Strategy defaultStrategy;

    public ChatPlanner(Backends backends, Strategy defaultStrategy) {
        this.backends = backends;
        this.defaultStrategy = defaultStrategy;
    }

    public void plan(Exchange exchange) throws InvalidPayloadException {
        CompletionRequest request = exchange.getMessage().getMandatoryBody(CompletionRequest.class);
        exchange.setProperty(PlanRun.PROPERTY, plan(request, exchange.getProperty(LiveStream.PROPERTY,
                LiveStream.class)));
    }

    PlanRun plan(CompletionRequest request, LiveStream live) {
        if (!CompletionRequest.HYBRID_MODEL.equals(request.model())) {
            return direct(request, live);
        }
        Strategy strategy = request.strategy() != null ? request.strategy() : defaultStrategy;
        BackendGate provider = backends.provider().orElse(null);
        List<List<String>> rounds = new ArrayList<>();
        List<PlanStep> steps = new ArrayList<>();
        if (request.retrieve() && request.k() > 0) {
            steps.add(PlanStep.planned("retrieve", null));
        }
        String localId = backends.local().backend().id();
        if (provider == null) {
            rounds.add(List.of(LOCAL));
            steps.add(PlanStep.planned(LOCAL, localId));
        } else {
            String providerId = provider.backend().id();
            switch (strategy) {
                case HEDGE, RACE, FUSE -> {
                    rounds.add(List.of(LOCAL, PROVIDER));
                    steps.add(PlanStep.planned(LOCAL, localId));
                    steps.add(PlanStep.planned(PROVIDER, providerId));
                    if (strategy == Strategy.FUSE) {
                        steps.add(PlanStep.planned(MERGE, localId));
                    }
                }
                case PROVIDER_FIRST -> {
                    rounds.add(List.of(PROVIDER));
                    steps.add(PlanStep.planned(PROVIDER, providerId));
                    steps.add(PlanStep.planned(LOCAL, localId).withOutcome("fallback"));
                }
                case LOCAL_FIRST -> {
                    rounds.add(List.of(LOCAL));
                    steps.add(PlanStep.planned(LOCAL, localId));
                    steps.add(PlanStep.planned(PROVIDER, providerId).withOutcome("if the check fails"));
                }
            }
        }
        PlanRun run = new PlanRun(request, strategy, backends.local(), provider, rounds,
                new Plan(strategy.value(), steps), live);
        if (provider == null) {
            run.degrade("no_provider");
        }
        return run;
    }

    private PlanRun direct(CompletionRequest request, LiveStream live) {
        BackendGate gate = backends.byId(request.model()).orElseThrow(() -> new ApiException(404,
                "invalid_request_error", "model_not_found", "The model '" + request.model() + "' does not exist:"
                        + " GET /v1/models lists the models this Tandem serves."));
        boolean local = gate == backends.local();
        String step = local ? LOCAL : PROVIDER;
        List<PlanStep> steps = new ArrayList<>();
        if (request.retrieve() && request.k() > 0) {
            steps.add(PlanStep.planned("retrieve", null));
        }
        steps.add(PlanStep.planned(step, gate.backend().id()));
        return new PlanRun(request, null, local ? gate : null, local ? null : gate, List.of(List.of(step)),
                new Plan("direct", steps), live);
    }
}
