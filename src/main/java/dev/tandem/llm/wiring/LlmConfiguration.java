package dev.tandem.llm.wiring;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import dev.tandem.config.ClosingService;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.http.CallerMetrics;
import dev.tandem.ingest.EmbeddingModels;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.Backends;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.Prices;
import dev.tandem.llm.agent.AgentLoop;
import dev.tandem.llm.agent.AgentSettings;
import dev.tandem.llm.agent.AgentTools;
import dev.tandem.llm.api.AgentAnswers;
import dev.tandem.llm.api.CallerUsage;
import dev.tandem.llm.api.ChatApi;
import dev.tandem.llm.api.EmbeddingRequest;
import dev.tandem.llm.api.EmbeddingsApi;
import dev.tandem.llm.api.LlmTools;
import dev.tandem.llm.api.ModelCatalog;
import dev.tandem.llm.backend.bedrock.BedrockBackend;
import dev.tandem.llm.backend.ollama.OllamaBackend;
import dev.tandem.llm.backend.openai.OpenAiCompatibleBackend;
import dev.tandem.llm.plan.AnswerCheck;
import dev.tandem.llm.plan.BoostAggregationStrategy;
import dev.tandem.llm.plan.BranchCalls;
import dev.tandem.llm.plan.ChatPlanner;
import dev.tandem.llm.plan.Grounding;
import dev.tandem.llm.plan.Strategies;
import dev.tandem.llm.plan.Strategy;
import dev.tandem.search.HybridSearch;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the language-model side once from {@link ProjectConfiguration.Llm}: the backends behind their gates, the
 * planner, the aggregation strategy, the branch calls, the tool loop and the HTTP beans, bound for
 * {@code llm-chat.camel.yaml}.
 */
public final class LlmConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LlmConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        ProjectConfiguration project = registry.findSingleByType(ProjectConfiguration.class);
        ProjectConfiguration.Llm config = project.llm();
        MeterRegistry metrics = registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        BackendGate.Settings breaker = new BackendGate.Settings(config.breakerFailures(), config.breakerCoolDown());

        Double temperature = config.temperature().orElse(null);
        Integer maxTokens = config.maxTokens().orElse(null);
        ChatBackend local = new OllamaBackend(config.ollamaUrl().toString(), config.ollamaModel(), temperature, maxTokens);
        Optional<ChatBackend> provider = switch (config.provider()) {
            case "bedrock" -> {
                BedrockBackend bedrock = new BedrockBackend(context, config.bedrockModel(), project.aws().region(),
                        config.bedrockEndpoint(), temperature, maxTokens);
                context.addService(ClosingService.of(bedrock), true, true);
                yield Optional.of(bedrock);
            }
            case "openai" -> Optional.of(new OpenAiCompatibleBackend(config.openAiBaseUrl().toString(),
                    config.openAiApiKey().orElse(null),
                    config.openAiModel(), temperature, maxTokens));
            default -> Optional.empty();
        };
        Backends backends = new Backends(new BackendGate(local, breaker, metrics, Clock.systemUTC()),
                provider.map(p -> new BackendGate(p, breaker, metrics, Clock.systemUTC())));
        Strategy strategy = Strategies.named(config.strategy());
        Prices prices = Prices.parse(config.prices());

        ExecutorService branches = context.getExecutorServiceManager().newCachedThreadPool(this, "tandem-llm-branch");
        registry.bind("llmBranches", branches);
        registry.bind("backends", backends);
        registry.bind("chatPlanner", new ChatPlanner(backends, strategy,
                new AnswerCheck(config.localFirstMinConfidence(), metrics)));
        registry.bind("boostAggregationStrategy", new BoostAggregationStrategy());
        registry.bind("branchCalls", new BranchCalls(new BranchCalls.Limits(
                new Deadlines(config.firstTokenTimeout(), config.localTimeout()),
                new Deadlines(config.firstTokenTimeout(), config.providerTimeout()),
                config.maxAnswerChars())));
        registry.bind("grounding", new Grounding(() -> registry.findSingleByType(HybridSearch.class)));
        registry.bind("chatApi", new ChatApi(prices, backends));
        context.getManagementStrategy().addEventNotifier(new CallerUsage(() -> registry.findSingleByType(
                CallerMetrics.class), prices));
        registry.bind("modelCatalog", new ModelCatalog(backends, strategy, EmbeddingModels.NAMES,
                project.embeddingModel()));
        registry.bind("llmTools", new LlmTools(backends, prices));
        ProjectConfiguration.Agent agent = project.agent();
        registry.bind("agentLoop", new AgentLoop(new AgentSettings(agent.allowWrite(), agent.maxSteps(),
                agent.maxToolCalls(), agent.maxTime(), agent.maxProviderTokens(), agent.toolTimeout(),
                agent.maxToolResultChars()), backends, () -> registry.findSingleByType(AgentTools.class),
                context.createProducerTemplate(),
                context.getExecutorServiceManager().newCachedThreadPool(this, "tandem-agent-tool")));
        registry.bind("agentAnswers", new AgentAnswers(prices));
        registry.bind("embeddingsApi", new EmbeddingsApi(EmbeddingModels.NAMES, EmbeddingModels::create,
                new EmbeddingRequest.Limits(project.embeddings().maxInputs(), project.embeddings().maxChars())));
        LOG.info("Language models: local {}, provider {}, default strategy {}", local.id(),
                provider.map(ChatBackend::id).orElse("none"), strategy.name());
    }
}
