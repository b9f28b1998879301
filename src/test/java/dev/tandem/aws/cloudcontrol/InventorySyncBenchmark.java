package dev.tandem.aws.cloudcontrol;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tandem.TestElasticsearch;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.search.ElasticsearchConnection;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Inventory sync throughput: 10,000 resources across 10 types in the zero-latency emulator, listed 100 a page as
 * Cloud Control pages them, into the dev-service Elasticsearch. After a warm-up sync into an index of its own (its
 * figure printed too: it runs in cold JVMs), a first run (all new) and a second (all known) into a fresh index, each
 * with resources/s and the heap the run took (peak of the heap pools, reset before each run), against paging
 * through the same listings alone.
 * <p>
 * Usage: {@code bench/aws-inventory-sync [--per-type 1000]}
 */
public final class InventorySyncBenchmark {

    private static final List<String> TYPES = List.of("AWS::S3::Bucket", "AWS::EC2::SecurityGroup",
            "AWS::EC2::Subnet", "AWS::EC2::VPC", "AWS::IAM::Role", "AWS::SQS::Queue", "AWS::SNS::Topic",
            "AWS::Logs::LogGroup", "AWS::Lambda::Function", "AWS::DynamoDB::Table");

    public static void main(String[] args) throws Exception {
        int perType = args.length == 2 && args[0].equals("--per-type") ? Integer.parseInt(args[1]) : 1000;
        try (CloudControlEmulator aws = CloudControlEmulator.start();
                ElasticsearchConnection elasticsearch = new ElasticsearchConnection(TestElasticsearch.url())) {
            aws.recordCalls(false);
            for (String type : TYPES) {
                for (int i = 0; i < perType; i++) {
                    String id = type.replace("::", "-").toLowerCase() + "-" + i;
                    aws.seed("us-east-1", type, id, Map.of("Name", id, "Arn", "arn:aws:bench:::" + id,
                            "Tags", List.of(Map.of("Key", "team", "Value", "team-" + (i % 7)))));
                }
            }
            long run = System.nanoTime();
            ProjectConfiguration.AwsInventory warmUp = inventory("bench-aws-inventory-warm-up-" + run);
            ProjectConfiguration.AwsInventory inventory = inventory("bench-aws-inventory-" + run);
            try (AwsClients clients = new AwsClients(new ProjectConfiguration.Aws("us-east-1", java.util.Optional
                    .empty(), java.util.Optional.of(aws.endpoint()), false, Duration.ZERO, Duration.ofMinutes(5),
                    Map.of(), Duration.ZERO, 50, inventory), StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDBENCH", "bench-secret")))) {
                InventorySync warmUpSync = CloudControlConfiguration.bindInventory(new DefaultCamelContext(), warmUp,
                        clients, elasticsearch, Clock.systemUTC());
                InventorySync sync = CloudControlConfiguration.bindInventory(new DefaultCamelContext(), inventory,
                        clients, elasticsearch, Clock.systemUTC());
                // the very first sync runs in cold JVMs (Tandem's and Elasticsearch's): shown, then both warmed up
                double coldListing = listOnly(clients, inventory.pageSize());
                double cold = measure("cold first run", warmUpSync);
                warmUpSync.run();
                listOnly(clients, inventory.pageSize());

                double listing = listOnly(clients, inventory.pageSize());
                double first = measure("first run (all new)", sync);
                double second = measure("second run (all known)", sync);
                System.out.printf("baseline: paging through the same listings without indexing %,.0f resources/s;"
                        + " sync / listing = %.2f (first run), %.2f (second)%n", listing, first / listing,
                        second / listing);
                System.out.printf("cold (the process's first sync, into its own index): %,.0f resources/s, paging"
                        + " %,.0f/s, ratio %.2f%n", cold, coldListing, cold / coldListing);
                System.out.println("goal: >= 2,000 resources/s; command: bench/aws-inventory-sync "
                        + String.join(" ", args));
            }
        }
        System.exit(0);
    }

    private static ProjectConfiguration.AwsInventory inventory(String index) {
        return new ProjectConfiguration.AwsInventory(TYPES, List.of("us-east-1"), "0 0 * * * ?", index, 100, 4,
                Duration.ofMillis(100));
    }

    /** The API side alone: every page of every type, as the sync asks for them, and nothing done with them. */
    private static double listOnly(AwsClients clients, int pageSize) {
        long start = System.nanoTime();
        long resources = 0;
        for (String type : TYPES) {
            String next = null;
            do {
                String token = next;
                var page = clients.in("us-east-1").cloudControl().listResources(r -> r.typeName(type)
                        .maxResults(pageSize).nextToken(token));
                resources += page.resourceDescriptions().size();
                next = page.nextToken();
            } while (next != null);
        }
        return resources / ((System.nanoTime() - start) / 1e9);
    }

    private static double measure(String label, InventorySync sync) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        long start = System.nanoTime();
        InventorySummary summary = sync.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("%-24s %,d resources in %.2f s: %,.0f resources/s; heap peak %d MB (%d MB before);"
                + " errors %d%n", label, summary.indexed(), seconds, summary.indexed() / seconds,
                peak / (1024 * 1024), before / (1024 * 1024), summary.errors().size());
        return summary.indexed() / seconds;
    }
}
