package dev.tandem.aws.cloudcontrol;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tandem.config.ProjectConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudcontrol.CloudControlClient;
import software.amazon.awssdk.services.cloudcontrol.model.ListResourcesResponse;

/**
 * One run of the inventory: every configured type in every configured region, page by page, into the
 * {@link InventoryIndex}; then what a fully listed type no longer has is marked deleted. A type that fails is
 * recorded and the run goes on with the others; a throttled page is tried again with a doubling delay.
 */
public final class InventorySync {

    private static final Logger LOG = LoggerFactory.getLogger(InventorySync.class);
    /** Documents per bulk request: large enough that Elasticsearch is not the bottleneck. */
    private static final int BULK_SIZE = 1000;

    private final AwsClients clients;
    private final InventoryIndex index;
    private final ProjectConfiguration.AwsInventory config;
    private final Clock clock;
    private volatile InventorySummary last;

    public InventorySync(AwsClients clients, InventoryIndex index, ProjectConfiguration.AwsInventory config,
            Clock clock) {
        this.clients = clients;
        this.index = index;
        this.config = config;
        this.clock = clock;
    }

    public synchronized InventorySummary run() throws IOException {
        Instant started = clock.instant();
        index.ensureExists();
        // a run that died before its final refresh left writes that only a refresh makes visible to holds()
        index.refresh();
        Map<String, Integer> byType = new TreeMap<>();
        List<InventorySummary.Failure> errors = new ArrayList<>();
        Map<String, List<String>> fullyListed = new TreeMap<>();
        try {
            for (String region : config.regions()) {
                for (String type : config.types()) {
                    try {
                        byType.merge(type, indexType(region, type, started), Integer::sum);
                        fullyListed.computeIfAbsent(region, r -> new ArrayList<>()).add(type);
                    } catch (SdkException e) {
                        // a service error for this type, or the endpoint out of reach: recorded, the others go on
                        String reason = e instanceof AwsServiceException s && s.awsErrorDetails() != null
                                ? s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage()
                                : e.getMessage();
                        LOG.warn("Inventory of {} in {} failed: {}", type, region, reason);
                        errors.add(new InventorySummary.Failure(type, region, reason));
                    }
                }
            }
        } finally {
            // one refresh for the whole run, even a broken one: searches see what was written
            index.refresh();
        }
        int deleted = index.markDeleted(fullyListed, started);
        last = new InventorySummary(started.toString(), Duration.between(started, clock.instant()).toMillis(),
                byType, byType.values().stream().mapToInt(Integer::intValue).sum(), deleted, List.copyOf(errors));
        LOG.info("AWS inventory: {} resources indexed, {} marked deleted, {} errors in {} ms", last.indexed(),
                deleted, errors.size(), last.durationMillis());
        return last;
    }

    /** The last run's summary, or a note that none has run yet. */
    public Object status() {
        InventorySummary summary = last;
        return summary != null ? summary : Map.of("status", "no inventory run yet", "types", config.types());
    }

    private int indexType(String region, String type, Instant now) throws IOException {
        CloudControlClient client = clients.in(region).cloudControl();
        boolean mayBeKnown = index.holds(type, region);
        List<InventoryRecord> batch = new ArrayList<>();
        int count = 0;
        String next = null;
        do {
            ListResourcesResponse page = page(client, type, next);
            page.resourceDescriptions().forEach(d -> batch.add(new InventoryRecord(type, region, d.identifier(),
                    Json.object(d.properties()))));
            if (batch.size() >= BULK_SIZE) {
                index.upsert(batch, now, mayBeKnown);
                count += batch.size();
                batch.clear();
            }
            next = page.nextToken();
        } while (next != null);
        index.upsert(batch, now, mayBeKnown);
        return count + batch.size();
    }

    private ListResourcesResponse page(CloudControlClient client, String type, String next) {
        Duration delay = config.backOff();
        for (int attempt = 0; ; attempt++) {
            try {
                return client.listResources(r -> r.typeName(type).nextToken(next).maxResults(config.pageSize()));
            } catch (AwsServiceException e) {
                if (!AwsCalls.throttled(e) || attempt >= config.throttleRetries()) {
                    throw e;
                }
                LOG.info("Listing {} is throttled; trying again in {} ms", type, delay.toMillis());
                pause(delay);
                delay = delay.multipliedBy(2);
            }
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while backing off", e);
        }
    }
}
