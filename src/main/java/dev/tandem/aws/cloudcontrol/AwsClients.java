package dev.tandem.aws.cloudcontrol;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.tandem.config.ProjectConfiguration;
import dev.tandem.tool.ToolException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudcontrol.CloudControlClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The Cloud Control, CloudFormation and STS clients, built once per region on first use and kept: every tool
 * honours its {@code region} argument for reads and writes alike, the configured region otherwise.
 */
public final class AwsClients implements AutoCloseable {

    /** Region names as AWS spells them (us-east-1, us-gov-west-1); anything else would grow the cache for nothing. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    /** The three clients of one region. */
    public record Regional(CloudControlClient cloudControl, CloudFormationClient cloudFormation, StsClient sts) {
    }

    private final ProjectConfiguration.Aws config;
    private final AwsCredentialsProvider credentials;
    private final Map<String, Regional> byRegion = new ConcurrentHashMap<>();

    public AwsClients(ProjectConfiguration.Aws config, AwsCredentialsProvider credentials) {
        this.config = config;
        this.credentials = credentials;
    }

    /** The AWS default chain, with the configured profile when there is one. */
    public static AwsCredentialsProvider defaultCredentials(Optional<String> profile) {
        DefaultCredentialsProvider.Builder builder = DefaultCredentialsProvider.builder();
        profile.ifPresent(builder::profileName);
        return builder.build();
    }

    /** The region a call works in: its own {@code region} argument, or the configured one. */
    public String region(Optional<String> requested) {
        String region = requested.orElse(config.region());
        if (!REGION.matcher(region).matches()) {
            throw new ToolException("'" + region + "' is not an AWS region name such as us-east-1.");
        }
        return region;
    }

    public Regional in(String region) {
        return byRegion.computeIfAbsent(region, r -> new Regional(
                build(CloudControlClient.builder(), r), build(CloudFormationClient.builder(), r),
                build(StsClient.builder(), r)));
    }

    public String defaultRegion() {
        return config.region();
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, String region) {
        builder.region(Region.of(region)).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(20));
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public void close() {
        byRegion.values().forEach(r -> {
            r.cloudControl().close();
            r.cloudFormation().close();
            r.sts().close();
        });
        byRegion.clear();
    }
}
