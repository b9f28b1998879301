package dev.tandem.llm.backend.bedrock;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.ModelDescription;
import dev.tandem.llm.ModelDescription.InferenceSettings;
import dev.tandem.llm.ModelDescription.ModelCapabilities;
import dev.tandem.llm.ModelDescription.ModelIdentification;
import dev.tandem.llm.ModelDescription.TokenizerDetails;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.backend.bedrock.BedrockModelCatalog.KnownModel;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.aws2.bedrock.runtime.BedrockConfiguration;
import org.apache.camel.component.aws2.bedrock.runtime.BedrockConstants;
import org.apache.camel.component.aws2.bedrock.runtime.BedrockEndpoint;
import org.apache.camel.component.aws2.bedrock.runtime.BedrockOperations;
import org.apache.camel.support.service.ServiceHelper;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;

/**
 * A model on Amazon Bedrock, called with the Converse API through Camel's {@code aws-bedrock} component. The
 * backend builds and owns its two AWS clients and the Camel endpoint that uses them; close it to release them.
 */
public final class BedrockBackend implements ChatBackend, AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Lets our own deadline fire first, so the SDK's api-call timeout only frees a call nobody waits for. */
    private static final Duration SDK_TIMEOUT_MARGIN = Duration.ofSeconds(1);

    private final CamelContext camel;
    private final String modelId;
    private final String region;
    private final String endpoint;
    private final Double defaultTemperature;
    private final Integer defaultMaxTokens;
    private final BedrockClients clients;
    private final BedrockEndpoint converse;
    private final ProducerTemplate template;
    private final ExecutorService converseThreads;
    private final BedrockFailures failures;
    private final BedrockAnswers answers;

    public BedrockBackend(CamelContext camel, String modelId, String region, Optional<URI> endpointOverride,
            Double defaultTemperature, Integer defaultMaxTokens) {
        this.camel = camel;
        this.modelId = modelId;
        this.region = region;
        this.endpoint = endpointOverride.map(URI::toString).orElse("bedrock-runtime." + region + ".amazonaws.com");
        this.defaultTemperature = defaultTemperature;
        this.defaultMaxTokens = defaultMaxTokens;
        this.failures = new BedrockFailures("Amazon Bedrock (" + region + ")", endpoint);
        this.answers = new BedrockAnswers(failures);
        this.clients = BedrockClients.connect(region, endpointOverride);
        this.converse = converseEndpoint(camel, clients);
        this.template = camel.createProducerTemplate();
        // The Camel producer blocks on the sync client; running it on a pool thread lets the caller's wait be
        // interrupted. A cached pool, because the default template pool (20 threads) would cap concurrent calls.
        this.converseThreads = camel.getExecutorServiceManager().newCachedThreadPool(this, "bedrock-converse");
        template.setExecutorService(converseThreads);
    }

    @Override
    public String kind() {
        return "bedrock";
    }

    @Override
    public String model() {
        return modelId;
    }

    @Override
    public Role role() {
        return Role.PROVIDER;
    }

    @Override
    public BackendAnswer chat(ChatPrompt prompt, Deadlines deadlines) {
        ConverseInput input = ConverseInput.of(prompt, defaultTemperature, defaultMaxTokens);
        ConverseRequest request = ConverseRequest.builder()
                .modelId(modelId)
                .messages(input.messages())
                .system(input.system())
                .inferenceConfig(input.inference())
                .toolConfig(input.toolConfig())
                .overrideConfiguration(sdkTimeout(deadlines.total()))
                .build();
        CompletableFuture<Exchange> call = template.asyncSend(converse, exchange -> exchange.getMessage().setBody(request));
        Exchange done = await(call, deadlines.total());
        if (done.getException() != null) {
            throw failures.classify(done.getException());
        }
        Message reply = done.getMessage();
        if (!(reply.getBody() instanceof String text)) {
            throw failures.malformed("a Converse answer without an output message");
        }
        return answers.answer(text,
                BedrockAnswers.toolCalls(reply.getHeader(BedrockConstants.CONVERSE_OUTPUT_MESSAGE,
                        software.amazon.awssdk.services.bedrockruntime.model.Message.class)),
                reply.getHeader(BedrockConstants.CONVERSE_STOP_REASON, String.class),
                reply.getHeader(BedrockConstants.CONVERSE_USAGE,
                        software.amazon.awssdk.services.bedrockruntime.model.TokenUsage.class),
                input.answerTool());
    }

    /**
     * Calls the async client directly rather than the Camel endpoint: Camel's converseStream returns only after the
     * whole stream has ended, so it could neither relay tokens as they come nor enforce the first-token deadline.
     */
    @Override
    public BackendAnswer stream(ChatPrompt prompt, Deadlines deadlines, Consumer<String> onToken) {
        ConverseInput input = ConverseInput.of(prompt, defaultTemperature, defaultMaxTokens);
        ConverseStreamRequest request = ConverseStreamRequest.builder()
                .modelId(modelId)
                .messages(input.messages())
                .system(input.system())
                .inferenceConfig(input.inference())
                .toolConfig(input.toolConfig())
                .overrideConfiguration(sdkTimeout(deadlines.total()))
                .build();
        return new ConverseStreamCall(failures, answers, input.answerTool()).run(clients.async(), request, deadlines, onToken);
    }

    @Override
    public ModelDescription describe() {
        Optional<KnownModel> known = BedrockModelCatalog.lookup(modelId);
        String family = known.map(KnownModel::family).orElse(null);
        return new ModelDescription(
                new ModelIdentification(id(), "aws-bedrock", modelId, family, null, null, endpoint),
                new ModelCapabilities(known.map(KnownModel::contextWindow).orElse(null), true, true, false,
                        known.map(KnownModel::vision).orElse(null)),
                new InferenceSettings(defaultTemperature, defaultMaxTokens, null, Map.of("region", region)),
                new TokenizerDetails(family, "configuration"));
    }

    @Override
    public void close() {
        ServiceHelper.stopService(template);
        camel.getExecutorServiceManager().shutdownNow(converseThreads);
        try {
            camel.removeEndpoint(converse);
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        } finally {
            clients.close();
        }
    }

    /**
     * Configured as an object, not bound in the registry: Camel would autowire a lone client in the registry into
     * the aws-bedrock component itself, and so into every other endpoint of it.
     */
    private static BedrockEndpoint converseEndpoint(CamelContext camel, BedrockClients clients) {
        String uri = "aws-bedrock:tandem-" + INSTANCES.incrementAndGet() + "?operation=converse&pojoRequest=true";
        BedrockConfiguration configuration = new BedrockConfiguration();
        configuration.setOperation(BedrockOperations.converse);
        configuration.setPojoRequest(true);
        configuration.setBedrockRuntimeClient(clients.sync());
        configuration.setBedrockRuntimeAsyncClient(clients.async());
        BedrockEndpoint endpoint = new BedrockEndpoint(uri, camel.getComponent("aws-bedrock"), configuration);
        try {
            camel.addEndpoint(uri, endpoint);
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
        return endpoint;
    }

    private Exchange await(CompletableFuture<Exchange> call, Duration total) {
        try {
            return call.get(total.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw failures.timedOut(total);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw failures.cancelled();
        } catch (ExecutionException e) {
            throw failures.classify(e);
        }
    }

    private static AwsRequestOverrideConfiguration sdkTimeout(Duration total) {
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(total.plus(SDK_TIMEOUT_MARGIN)).build();
    }
}
