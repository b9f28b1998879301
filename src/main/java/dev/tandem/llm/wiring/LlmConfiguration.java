package dev.tandem.llm.wiring;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import dev.tandem.config.ClosingService;
import dev.tandem.config.InvalidSettingException;
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
import dev.tandem.llm.agent.LongResults;
import dev.tandem.llm.api.AgentAnswers;
import dev.tandem.llm.api.CallerUsage;
import dev.tandem.llm.api.ChatApi;
import dev.tandem.llm.api.EmbeddingRequest;
import dev.tandem.llm.api.EmbeddingsApi;
import dev.tandem.llm.api.LlmTools;
import dev.tandem.llm.api.ModelCatalog;
import dev.tandem.llm.backend.bedrock.BedrockBackend;
import dev.tandem.llm.backend.embedded.EmbeddedBackend;
import dev.tandem.llm.backend.embedded.EmbeddedHealthCheck;
import dev.tandem.llm.backend.embedded.EmbeddedModel;
import dev.tandem.llm.backend.embedded.EmbeddedSettings;
import dev.tandem.llm.backend.embedded.InvalidModelFile;
import dev.tandem.llm.backend.embedded.ModelPull;
import dev.tandem.llm.backend.ollama.OllamaBackend;
import dev.tandem.llm.backend.openai.OpenAiCompatibleBackend;
import dev.tandem.llm.minions.ContextReader;
import dev.tandem.llm.plan.AnswerCheck;
import dev.tandem.llm.plan.BoostAggregationStrategy;
import dev.tandem.llm.plan.BranchCalls;
import dev.tandem.llm.plan.CallerRunsFirst;
import dev.tandem.llm.plan.ChatPlanner;
import dev.tandem.llm.plan.Condensing;
import dev.tandem.llm.plan.Grounding;
import dev.tandem.llm.plan.Rounds;
import dev.tandem.llm.plan.Steps;
import dev.tandem.llm.plan.Strategies;
import dev.tandem.llm.plan.Strategy;
import dev.tandem.search.HybridSearch;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
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
        ChatBackend local = config.local().embedded()
                ? embedded(context, project, temperature, maxTokens, metrics)
                : new OllamaBackend(config.ollamaUrl().toString(), config.ollamaModel(), temperature, maxTokens);
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

        ExecutorService branches = new CallerRunsFirst(context.getExecutorServiceManager()
                .newCachedThreadPool(this, "tandem-llm-branch"));
        registry.bind("llmBranches", branches);
        registry.bind("backends", backends);
        registry.bind("chatPlanner", new ChatPlanner(backends, strategy,
                new AnswerCheck(config.localFirstMinConfidence(), metrics)));
        registry.bind("boostAggregationStrategy", new BoostAggregationStrategy());
        registry.bind("llmRoundLeft", Rounds.LEFT);
        registry.bind("llmNextRound", Rounds.NEXT);
        BranchCalls branchCalls = new BranchCalls(new BranchCalls.Limits(
                new Deadlines(config.firstTokenTimeout(), config.localTimeout()),
                new Deadlines(config.firstTokenTimeout(), config.providerTimeout()),
                config.maxAnswerChars()));
        registry.bind("localBranch", branchCalls.branch(Steps.LOCAL));
        registry.bind("providerBranch", branchCalls.branch(Steps.PROVIDER));
        registry.bind("mergeBranch", branchCalls.branch(Steps.MERGE));
        registry.bind("grounding", new Grounding(() -> registry.findSingleByType(HybridSearch.class)));
        ProjectConfiguration.Minions minions = config.minions();
        // its own pool: a reading waits on its pieces from a branch thread, and its size bounds the local calls
        ExecutorService readers = context.getExecutorServiceManager().newFixedThreadPool(this, "tandem-minions-reader",
                minions.parallel());
        ContextReader reader = new ContextReader(backends.local(), new Deadlines(config.firstTokenTimeout(),
                config.localTimeout()), minions.pieceTokens(), readers);
        registry.bind("contextReader", reader);
        registry.bind("condensing", new Condensing(reader, minions.minContextTokens(), strategy));
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
                context.getExecutorServiceManager().newCachedThreadPool(this, "tandem-agent-tool"),
                new LongResults(reader, backends.local(), minions.minContextTokens())));
        registry.bind("agentAnswers", new AgentAnswers(prices));
        registry.bind("embeddingsApi", new EmbeddingsApi(EmbeddingModels.NAMES, EmbeddingModels::create,
                new EmbeddingRequest.Limits(project.embeddings().maxInputs(), project.embeddings().maxChars())));
        LOG.info("Language models: local {}, provider {}, default strategy {}", local.id(),
                provider.map(ChatBackend::id).orElse("none"), strategy.name());
    }

    /** The GGUF model loaded once at start-up; a missing or unusable file stops Tandem with the setting named. */
    private static EmbeddedBackend embedded(CamelContext context, ProjectConfiguration project, Double temperature,
            Integer maxTokens, MeterRegistry metrics) throws Exception {
        ProjectConfiguration.LocalModel local = project.llm().local();
        Path gguf = local.gguf().orElseThrow(() -> new InvalidSettingException("TANDEM_LOCAL=embedded needs"
                + " TANDEM_LOCAL_GGUF, the path of a .gguf model file; `java -jar target/tandem.jar pull "
                + ModelPull.SUGGESTED + "` downloads one into " + project.dataDir().resolve("models")));
        EmbeddedSettings settings = new EmbeddedSettings(gguf, local.contextSize(),
                local.threads() == 0 ? EmbeddedSettings.defaultThreads() : local.threads(), local.batchSize(),
                local.queue());
        EmbeddedModel model;
        try {
            model = EmbeddedModel.load(settings);
        } catch (InvalidModelFile unusable) {
            throw new InvalidSettingException("TANDEM_LOCAL_GGUF: " + unusable.getMessage());
        }
        EmbeddedBackend backend = new EmbeddedBackend(model, temperature, maxTokens, metrics);
        context.addService(ClosingService.of(backend), true, true);
        HealthCheckRegistry.get(context).register(new EmbeddedHealthCheck(backend));
        return backend;
    }
}
