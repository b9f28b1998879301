package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.adobe.testing.s3mock.S3MockApplication;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.RunningTandem;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Objects in an S3 bucket (S3Mock, in process) go through the same pipeline as files. */
class S3IngestionTest {

    private static final String BUCKET = "handbook";

    @TempDir
    static Path work;
    private static S3MockApplication s3Mock;
    private static S3Client s3;

    @BeforeAll
    static void startS3() {
        s3Mock = S3MockApplication.start(new java.util.HashMap<>(Map.<String, Object>of(
                S3MockApplication.PROP_HTTP_PORT, "0",
                S3MockApplication.PROP_HTTPS_PORT, "0",
                S3MockApplication.PROP_SILENT, true,
                S3MockApplication.PROP_INITIAL_BUCKETS, BUCKET,
                "com.adobe.testing.s3mock.region", "us-east-1",
                "spring.jmx.enabled", "false",
                "spring.main.lazy-initialization", "true")));
        // the AWS default chain finds these, as it would find a user's profile or role
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        s3 = S3Client.builder().region(Region.US_EAST_1).forcePathStyle(true)
                .endpointOverride(URI.create(endpoint()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterAll
    static void stopS3() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (s3 != null) {
            s3.close();
        }
        s3Mock.stop();
    }

    private static String endpoint() {
        return "http://127.0.0.1:" + s3Mock.getHttpPort();
    }

    @Test
    void should_index_objects_under_the_prefix_record_failures_and_leave_the_bucket_untouched() throws Exception {
        put("docs/guide.md", "# Pangolin guide\n\nThe pangolins3 rolls into a ball.\n");
        put("docs/broken.pdf", "%PDF-1.7\nthe rest is missing");
        put("other/ignored.md", "# Ignored\n\nThe narwhals3 is outside the prefix.\n");
        Path dataDir = work.resolve("data");

        try (RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), dataDir, Map.of(
                "tandem.s3.bucket", BUCKET,
                "tandem.s3.prefix", "docs/",
                "tandem.s3.endpoint", endpoint(),
                "tandem.s3.poll.ms", "500"))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode hits = tandem.getJson("/api/search?mode=bm25&q=pangolins3").get("hits");
                assertThat(hits).hasSize(1);
                assertThat(hits.get(0).get("source").asText()).isEqualTo("s3://handbook/docs/guide.md");
                assertThat(hits.get(0).get("title").asText()).isEqualTo("Pangolin guide");
            });
            Path note = dataDir.resolve("failed/s3/handbook/docs/broken.pdf.error.txt");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(note));
            assertThat(Files.readString(note)).contains("s3://handbook/docs/broken.pdf").contains("could not be parsed");
            assertThat(dataDir.resolve("failed/s3/handbook/docs/broken.pdf")).hasContent("%PDF-1.7\nthe rest is missing");

            // polls go on, but an object already ingested is not ingested again
            long seen = tandem.ingestStatus().get("seen").asLong();
            put("docs/later.md", "# Later\n\nThe axolotls3 arrived later.\n");
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    tandem.getJson("/api/search?mode=bm25&q=axolotls3").get("hits").size() == 1);
            assertThat(tandem.ingestStatus().get("seen").asLong()).isEqualTo(seen + 1);
            assertThat(tandem.getJson("/api/search?mode=bm25&q=narwhals3").get("hits")).isEmpty();
        }
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET)).contents()).hasSize(4);
    }

    @Test
    void should_not_ingest_an_object_version_again_after_a_restart_on_the_same_data() throws Exception {
        String bucket = "ledger";
        s3.createBucket(r -> r.bucket(bucket));
        put(bucket, "docs/first.md", "# First\n\nThe quollledger hunts at night.\n");
        Path dataDir = work.resolve("ledger-data");
        String index = "test-s3-ledger-" + System.nanoTime();

        try (RunningTandem tandem = start(bucket, dataDir, index, Map.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    tandem.getJson("/api/search?mode=bm25&q=quollledger").get("hits").size() == 1);
        }
        String etag = s3.headObject(r -> r.bucket(bucket).key("docs/first.md")).eTag();
        assertThat(dataDir.resolve("s3-ingested-objects.txt")).content().contains("docs/first.md@" + etag);

        put(bucket, "docs/second.md", "# Second\n\nThe bettongledger digs for truffles.\n");
        try (RunningTandem restarted = start(bucket, dataDir, index, Map.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    restarted.getJson("/api/search?mode=bm25&q=bettongledger").get("hits").size() == 1);
            // the bucket is listed in key order: first.md came before second.md, and was skipped
            JsonNode status = restarted.ingestStatus();
            assertThat(status.get("seen").asLong()).isEqualTo(1);
            assertThat(status.get("indexed").asLong()).isEqualTo(1);
            assertThat(restarted.getJson("/api/search?mode=bm25&q=quollledger").get("hits")).hasSize(1);
        }
    }

    @Test
    void should_delete_objects_from_the_bucket_once_indexed_when_told_to() throws Exception {
        String bucket = "deleting";
        s3.createBucket(r -> r.bucket(bucket));
        put(bucket, "docs/gone.md", "# Gone\n\nThe dunnartdelete leaves the bucket.\n");

        try (RunningTandem tandem = start(bucket, work.resolve("delete-data"), "test-s3-delete-" + System.nanoTime(),
                Map.of("tandem.s3.delete", "true"))) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    tandem.getJson("/api/search?mode=bm25&q=dunnartdelete").get("hits").size() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    s3.listObjectsV2(r -> r.bucket(bucket)).contents().isEmpty());
        }
    }

    /**
     * An object over the size limit is refused on the listing's word: not downloaded, so no copy in the failed folder,
     * and so, even when told to delete what it read, Tandem leaves it in the bucket.
     */
    @Test
    void should_refuse_an_object_over_the_size_limit_unread_and_leave_it_in_the_bucket() throws Exception {
        String bucket = "oversized";
        s3.createBucket(r -> r.bucket(bucket));
        String line = "The wallabyoversized hops across the plain.\n";
        put(bucket, "docs/big.md", line.repeat(1_200_000 / line.length()));
        put(bucket, "docs/small.md", "# Small\n\nThe wallabysmall stays under the limit.\n");
        Path dataDir = work.resolve("oversized-data");

        try (RunningTandem tandem = start(bucket, dataDir, "test-s3-oversized-" + System.nanoTime(), Map.of(
                "tandem.s3.delete", "true",
                "tandem.ingest.max.file.mb", "1"))) {
            Path note = dataDir.resolve("failed/s3/oversized/docs/big.md.error.txt");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(note)
                    && tandem.ingestStatus().get("indexed").asLong() == 1);
            assertThat(Files.readString(note)).contains("s3://oversized/docs/big.md",
                    "The file is 1.1 MB, more than the 1.0 MB allowed by TANDEM_INGEST_MAX_FILE_MB");
            assertThat(dataDir.resolve("failed/s3/oversized/docs/big.md")).doesNotExist();
            JsonNode status = tandem.ingestStatus();
            assertThat(status.get("failed").asLong()).isEqualTo(1);
            assertThat(status.get("in_progress").asLong()).isZero();
            awaitBucketHoldsOnly(bucket, "docs/big.md");
        }
    }

    /**
     * S3 unreachable between the listing and the read is S3 down, not a bug in Tandem: the read is tried again with
     * back-off, as for Elasticsearch (the SDK's exception carries the I/O error), and the object is ingested once S3
     * answers, nothing logged as an internal error.
     */
    @Test
    void should_read_an_object_again_when_s3_fails_between_the_listing_and_the_read() throws Exception {
        String bucket = "flaky";
        s3.createBucket(r -> r.bucket(bucket));
        Path dataDir = work.resolve("flaky-data");
        try (SwitchableProxy proxy = new SwitchableProxy(URI.create(endpoint()));
                CapturedLog internal = CapturedLog.of(InternalErrors.class);
                RunningTandem tandem = start(bucket, dataDir, "test-s3-flaky-" + System.nanoTime(),
                        Map.of("tandem.s3.endpoint", proxy.url().toString()))) {
            AtomicBoolean cut = new AtomicBoolean();
            AdviceWith.adviceWith(tandem.context(), "ingest-s3-object", route -> route
                    .weaveByToUri("aws2-s3:.*operation=getObject").before()
                    .process(e -> {
                        if (cut.compareAndSet(false, true)) {
                            proxy.down();
                        }
                    }));
            put(bucket, "docs/flaky.md", "# Flaky\n\nThe bandicootflaky waits for S3.\n");

            // down until the S3 client has spent its own attempts
            await().atMost(Duration.ofSeconds(60)).until(() -> proxy.refused() >= 3);
            proxy.up();
            await().atMost(Duration.ofSeconds(60)).until(() -> tandem.ingestStatus().get("indexed").asLong() == 1);
            assertThat(tandem.ingestStatus().get("failed").asLong()).isZero();
            assertThat(internal.events()).isEmpty();
        }
    }

    /**
     * S3's error answers are read as S3 means them: throttled or failing (503) is S3 down, and the read is tried again
     * with back-off until it answers; an object it will not give (403) is rejected with S3's reason in its note,
     * remembered, and left in the bucket. Neither is a bug in Tandem: nothing is logged as an internal error.
     */
    @Test
    void should_retry_a_read_s3_throttles_and_note_an_object_s3_refuses() throws Exception {
        String bucket = "refusing";
        s3.createBucket(r -> r.bucket(bucket));
        Path dataDir = work.resolve("refusing-data");
        try (S3ErrorFront front = new S3ErrorFront(URI.create(endpoint()));
                CapturedLog internal = CapturedLog.of(InternalErrors.class);
                RunningTandem tandem = start(bucket, dataDir, "test-s3-refusing-" + System.nanoTime(), Map.of(
                        "tandem.s3.endpoint", front.url().toString(),
                        "tandem.s3.delete", "true"))) {
            // more 503s than the S3 client's own attempts: Tandem's back-off has to wait them out
            front.fail("/refusing/docs/throttled.md", 503, 8);
            front.fail("/refusing/docs/forbidden.md", 403, 1_000);
            put(bucket, "docs/forbidden.md", "# Forbidden\n\nThe numbatforbidden stays unread.\n");
            put(bucket, "docs/throttled.md", "# Throttled\n\nThe quollthrottled waited its turn.\n");

            Path note = dataDir.resolve("failed/s3/refusing/docs/forbidden.md.error.txt");
            await().atMost(Duration.ofSeconds(90)).until(() -> tandem.ingestStatus().get("indexed").asLong() == 1
                    && Files.exists(note));
            assertThat(Files.readString(note)).contains("s3://refusing/docs/forbidden.md", "Access Denied", "403");
            assertThat(tandem.ingestStatus().get("failed").asLong()).isEqualTo(1);
            assertThat(internal.events()).isEmpty();
            awaitBucketHoldsOnly(bucket, "docs/forbidden.md");
        }
    }

    /**
     * A poll that outlasts the interval is not overlapped by the next one, which would list the objects still in
     * progress as new: each object is ingested once.
     */
    @Test
    void should_ingest_each_object_once_when_a_poll_outlasts_the_interval() throws Exception {
        String bucket = "slowpolls";
        int objects = 20;
        fill(bucket, objects, "bilbyonce");
        Path dataDir = work.resolve("slowpolls-data");

        try (RunningTandem tandem = start(bucket, dataDir, "test-s3-slowpolls-" + System.nanoTime(), Map.of())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(dataDir.resolve("s3-ingested-objects.txt"))
                    && Files.readAllLines(dataDir.resolve("s3-ingested-objects.txt")).size() == objects);
            JsonNode status = tandem.ingestStatus();
            assertThat(status.get("seen").asLong()).as("objects that entered the pipeline").isEqualTo(objects);
            assertThat(status.get("indexed").asLong()).isEqualTo(objects);
        }
    }

    /**
     * A bucket is worked through in one poll, not ten objects a poll: with a poll every ten minutes, only the first
     * poll (a second after the start) can have ingested them. Camel's S3 consumer took 10 keys a poll.
     */
    @Test
    void should_ingest_every_new_object_of_the_bucket_in_one_poll() throws Exception {
        String bucket = "many";
        int objects = 25;
        fill(bucket, objects, "wombatmany");

        try (RunningTandem tandem = start(bucket, work.resolve("many-data"), "test-s3-many-" + System.nanoTime(),
                Map.of("tandem.s3.poll.ms", "600000"))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> tandem.ingestStatus().get("indexed").asLong() == objects);
            // indexed: acknowledged by Elasticsearch, searchable after its next refresh
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    tandem.getJson("/api/search?mode=bm25&k=50&q=wombatmany").get("hits").size() == objects);
        }
    }

    /** A stop in the middle of a long poll ends it: the objects left are ingested at the next start, once. */
    @Test
    void should_stop_in_the_middle_of_a_poll_and_leave_the_rest_for_the_next_start() throws Exception {
        String bucket = "backlog";
        int objects = 150;
        fill(bucket, objects, "quokkabacklog");
        Path dataDir = work.resolve("backlog-data");
        String index = "test-s3-backlog-" + System.nanoTime();

        RunningTandem tandem = start(bucket, dataDir, index, Map.of("tandem.s3.poll.ms", "600000"));
        await().atMost(Duration.ofSeconds(60)).until(() -> tandem.ingestStatus().get("indexed").asLong() >= 1);
        tandem.close();
        long remembered = Files.readAllLines(dataDir.resolve("s3-ingested-objects.txt")).size();

        assertThat(remembered).as("versions ingested: the poll ended with the stop").isBetween(1L, objects - 1L);
        try (RunningTandem restarted = start(bucket, dataDir, index, Map.of("tandem.s3.poll.ms", "600000"))) {
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    restarted.ingestStatus().get("indexed").asLong() == objects - remembered);
            assertThat(restarted.ingestStatus().get("seen").asLong()).isEqualTo(objects - remembered);
        }
    }

    /** Any key prefix goes: the prefix is a header of the listing, not an option of an endpoint URI. */
    @Test
    void should_index_objects_under_a_prefix_that_an_endpoint_uri_could_not_carry() throws Exception {
        assertIngestedUnder("drafts", "drafts)&final/", "potoroodrafts");
    }

    /** A plus sign is a common character of S3 keys, and an endpoint URI would read it as a space. */
    @Test
    void should_index_objects_under_a_prefix_spelt_with_a_plus_sign() throws Exception {
        assertIngestedUnder("plus", "q1+q2/", "numbatplus");
    }

    /** A new bucket with this many notes under docs/, each holding the word. */
    private static void fill(String bucket, int objects, String word) {
        s3.createBucket(r -> r.bucket(bucket));
        for (int i = 0; i < objects; i++) {
            put(bucket, "docs/note-" + i + ".md", "# Note " + i + "\n\nThe " + word + " keeps note " + i + ".\n");
        }
    }

    /** An object under the prefix, in a bucket of its own, is found by its one word once Tandem has polled. */
    private static void assertIngestedUnder(String bucket, String prefix, String word) throws Exception {
        s3.createBucket(r -> r.bucket(bucket));
        put(bucket, prefix + "report.md", "# Report\n\nThe " + word + " counts termites.\n");

        try (RunningTandem tandem = start(bucket, work.resolve(bucket + "-data"), "test-s3-" + bucket + "-"
                + System.nanoTime(), Map.of("tandem.s3.prefix", prefix))) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    tandem.getJson("/api/search?mode=bm25&q=" + word).get("hits").size() == 1);
        }
    }

    private static RunningTandem start(String bucket, Path dataDir, String index, Map<String, String> more)
            throws Exception {
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "tandem.s3.bucket", bucket,
                "tandem.s3.prefix", "docs/",
                "tandem.s3.endpoint", endpoint(),
                "tandem.s3.poll.ms", "500"));
        properties.putAll(more);
        return RunningTandem.start(work.resolve(bucket + "-inbox"), dataDir, index, properties);
    }

    /** Once deletions have run their course, the bucket holds exactly these keys. */
    private static void awaitBucketHoldsOnly(String bucket, String... keys) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents())
                        .extracting(S3Object::key).containsExactly(keys));
    }

    private static void put(String key, String content) {
        put(BUCKET, key, content);
    }

    private static void put(String bucket, String key, String content) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(content));
    }
}
