package dev.tandem.aws.cloudcontrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tandem.TestElasticsearch;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.search.ElasticsearchConnection;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The inventory sync from {@link CloudControlEmulator} into the tests' Elasticsearch: idempotent runs, deletions,
 * throttling, a failing type, and {@code aws_inventory_search} on the result.
 */
class InventorySyncTest {

    private static final String BUCKET = "AWS::S3::Bucket";
    private static final String GROUP = "AWS::EC2::SecurityGroup";

    private final AwsToolHarness.MovableClock clock = new AwsToolHarness.MovableClock();
    private CloudControlEmulator aws;
    private ElasticsearchConnection elasticsearch;
    private AwsClients clients;
    private InventorySync sync;
    private InventorySearch search;

    @BeforeEach
    void start() {
        aws = CloudControlEmulator.start();
        elasticsearch = new ElasticsearchConnection(TestElasticsearch.url());
        ProjectConfiguration.AwsInventory inventory = new ProjectConfiguration.AwsInventory(List.of(BUCKET, GROUP),
                List.of("us-east-1", "eu-west-1"), "0 0 * * * ?", "test-aws-inventory-" + System.nanoTime(), 2, 2,
                Duration.ofMillis(10));
        clients = new AwsClients(AwsToolHarness.settings(aws.endpoint(), false), StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDTEST", "test-secret")));
        sync = CloudControlConfiguration.bindInventory(new DefaultCamelContext(), inventory, clients,
                elasticsearch, clock);
        search = new InventorySearch(new InventoryIndex(elasticsearch, inventory.index()));
        aws.seed("us-east-1", BUCKET, "logs", Map.of("BucketName", "logs", "BucketEncryption", Map.of(
                "ServerSideEncryptionConfiguration", List.of(Map.of("ServerSideEncryptionByDefault",
                        Map.of("SSEAlgorithm", "aws:kms"))))));
        aws.seed("us-east-1", BUCKET, "photos", Map.of("BucketName", "photos"));
        aws.seed("us-east-1", BUCKET, "backups", Map.of("BucketName", "backups"));
        aws.seed("eu-west-1", BUCKET, "irish-archive", Map.of("BucketName", "irish-archive"));
        aws.seed("us-east-1", GROUP, "sg-1", Map.of("GroupDescription", "web servers", "Id", "sg-1"));
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        elasticsearch.close();
        aws.close();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> find(Object... pairs) throws Exception {
        Map<String, Object> arguments = new java.util.HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            arguments.put((String) pairs[i], pairs[i + 1]);
        }
        return (List<Map<String, Object>>) search.search(arguments).get("resources");
    }

    @Test
    void should_index_every_type_in_every_region_and_keep_first_seen_on_a_second_run() throws Exception {
        InventorySummary first = sync.run();
        String firstSeen = (String) find("query", "photos").get(0).get("first_seen");
        clock.advance(Duration.ofHours(1));
        InventorySummary second = sync.run();

        assertThat(first.indexedByType()).containsEntry(BUCKET, 4).containsEntry(GROUP, 1);
        assertThat(second.indexed()).isEqualTo(5);
        assertThat(second.markedDeleted()).isZero();
        assertThat(find("type_name", BUCKET)).hasSize(4);
        assertThat(find("region", "eu-west-1")).extracting(r -> r.get("identifier")).containsExactly("irish-archive");
        Map<String, Object> photos = find("query", "photos").get(0);
        assertThat(photos).containsEntry("first_seen", firstSeen).containsEntry("deleted", false);
        assertThat(photos.get("last_seen")).isNotEqualTo(firstSeen);
        assertThat(photos.get("properties")).isEqualTo(Map.of("BucketName", "photos"));
    }

    @Test
    void should_mark_a_vanished_resource_deleted_and_find_it_only_when_asked() throws Exception {
        sync.run();
        aws.remove("us-east-1", BUCKET, "backups");
        clock.advance(Duration.ofHours(1));

        assertThat(sync.run().markedDeleted()).isEqualTo(1);
        assertThat(find("query", "backups")).isEmpty();
        assertThat(find("query", "backups", "include_deleted", true)).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("deleted", true));
    }

    @Test
    void should_filter_by_property_value_and_search_property_text() throws Exception {
        sync.run();

        assertThat(find("properties", Map.of(
                "BucketEncryption.ServerSideEncryptionConfiguration.ServerSideEncryptionByDefault.SSEAlgorithm",
                "aws:kms"))).extracting(r -> r.get("identifier")).containsExactly("logs");
        assertThat(find("query", "web servers")).extracting(r -> r.get("identifier")).containsExactly("sg-1");
    }

    @Test
    void should_back_off_while_throttled_and_go_on_when_one_type_fails() throws Exception {
        aws.throttle(BUCKET, 5);
        aws.deny(GROUP);

        InventorySummary summary = sync.run();

        assertThat(summary.indexedByType()).containsEntry(BUCKET, 4);
        assertThat(summary.errors()).extracting(InventorySummary.Failure::typeName).containsExactly(GROUP, GROUP);
        assertThat(summary.errors().get(0).message()).startsWith("AccessDeniedException");
        assertThat(aws.calls()).filteredOn(c -> c.operation().equals("ListResources")
                && BUCKET.equals(c.body().get("TypeName"))).hasSizeGreaterThan(5);
        assertThat(sync.status()).isEqualTo(summary);
    }

    @Test
    void should_record_an_unreachable_endpoint_as_a_failed_run_instead_of_losing_the_summary() throws Exception {
        aws.close();

        InventorySummary summary = sync.run();

        assertThat(summary.indexed()).isZero();
        assertThat(summary.errors()).hasSize(4);
        assertThat(summary.errors().get(0).message()).contains("Unable to execute HTTP request");
        assertThat(sync.status()).isEqualTo(summary);
    }
}
