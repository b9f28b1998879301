package dev.tandem.llm.backend.bedrock;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** The two Bedrock Runtime clients one backend owns: sync for Converse through Camel, async for ConverseStream. */
record BedrockClients(BedrockRuntimeClient sync, BedrockRuntimeAsyncClient async) implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Generous, because a non-streamed answer sends nothing until it is complete; each call's deadline is shorter. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    /** Backstop only: every call sets its own api-call timeout from its deadline. */
    private static final Duration API_CALL_TIMEOUT = Duration.ofMinutes(10);
    /** The SDK default of 50 would queue requests at the gateway's target of 500-1000 requests/s. */
    private static final int MAX_CONNECTIONS = 512;

    static BedrockClients connect(String region, Optional<URI> endpointOverride) {
        // No SDK retries: the gateway decides about fallbacks and honours Retry-After itself.
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(API_CALL_TIMEOUT)
                .build();
        var sync = BedrockRuntimeClient.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(overrides)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT)
                        .maxConnections(MAX_CONNECTIONS));
        var async = BedrockRuntimeAsyncClient.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(overrides)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .readTimeout(READ_TIMEOUT)
                        .maxConcurrency(MAX_CONNECTIONS));
        endpointOverride.ifPresent(uri -> {
            sync.endpointOverride(uri);
            async.endpointOverride(uri);
        });
        return new BedrockClients(sync.build(), async.build());
    }

    @Override
    public void close() {
        sync.close();
        async.close();
    }
}
