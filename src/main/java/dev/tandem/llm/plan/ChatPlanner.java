package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.PROVIDER;

import java.util.ArrayList;
import java.util.List;

import dev.tandem.http.ApiException;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.Backends;
import dev.tandem.llm.Plan;
import dev.tandem.llm.PlanStep;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

/**
 * Builds the {@link Plan} of a request: which branches its strategy starts first and which may follow, or the one
 * backend a request addresses directly. Leaves a {@link PlanRun} in the exchange for the rest of the flow.
 */
public final class ChatPlanner {

    private final Backends backends;
    private final Strategy defaultStrategy;
    private final AnswerCheck check;

    public ChatPlanner(Backends backends, Strategy defaultStrategy, AnswerCheck check) {
        this.backends = backends;
        this.defaultStrategy = defaultStrategy;
        this.check = check;
    }

    public void plan(Exchange exchange) throws InvalidPayloadException {
        CompletionRequest request = exchange.getMessage().getMandatoryBody(CompletionRequest.class);
        exchange.setProperty(PlanRun.PROPERTY, plan(request, exchange.getProperty(ClientStream.PROPERTY,
                ClientStream.class)));
    }

    PlanRun plan(CompletionRequest request, ClientStream live) {
        List<PlanStep> steps = new ArrayList<>();
        if (request.retrieve() && request.k() > 0) {
            steps.add(PlanStep.planned("retrieve", null));
        }
        if (!request.hybrid()) {
            return direct(request, steps, live);
        }
        Strategy strategy = request.strategy() != null ? request.strategy() : defaultStrategy;
        BackendGate local = backends.local();
        BackendGate provider = backends.provider().orElse(null);
        if (provider == null) {
            steps.add(PlanStep.planned(LOCAL, local.backend().id()));
            PlanRun run = new PlanRun(request, strategy, local, null, List.of(LOCAL),
                    new Plan(strategy.name(), steps), live, check);
            run.degrade("no_provider");
            return run;
        }
        steps.addAll(strategy.planned(local.backend().id(), provider.backend().id()));
        return new PlanRun(request, strategy, local, provider, strategy.firstRound(),
                new Plan(strategy.name(), steps), live, check);
    }

    private PlanRun direct(CompletionRequest request, List<PlanStep> steps, ClientStream live) {
        BackendGate gate = backends.byId(request.model()).orElseThrow(() -> new ApiException(404,
                "invalid_request_error", "model_not_found", "The model '" + request.model() + "' does not exist:"
                        + " GET /v1/models lists the models this Tandem serves."));
        boolean local = gate == backends.local();
        Strategy direct = new Direct(local ? LOCAL : PROVIDER);
        steps.addAll(direct.planned(gate.backend().id(), gate.backend().id()));
        return new PlanRun(request, direct, local ? gate : null, local ? null : gate, direct.firstRound(),
                new Plan(direct.name(), steps), live, check);
    }
}
