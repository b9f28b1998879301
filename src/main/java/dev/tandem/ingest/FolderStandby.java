package dev.tandem.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a watched folder that another Tandem holds: tries the folder's {@link FolderClaim} every
 * {@link #RETRY} and, once it has it, starts the folder's route, which was created stopped. A replica that shares an
 * inbox so takes over when the Tandem watching it stops, or dies. Holds the claim until the context stops.
 */
final class FolderStandby extends ServiceSupport {

    static final Duration RETRY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(FolderStandby.class);

    private final CamelContext context;
    private final Path folder;
    private final String routeId;
    private ScheduledExecutorService retries;
    private FolderClaim claim;
    private boolean warned;

    FolderStandby(CamelContext context, Path folder, String routeId) {
        this.context = context;
        this.folder = folder;
        this.routeId = routeId;
    }

    @Override
    protected void doStart() {
        retries = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "folder-standby");
        retries.scheduleWithFixedDelay(this::tryToTakeOver, RETRY.toMillis(), RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void tryToTakeOver() {
        if (claim != null) {
            return;
        }
        try {
            Optional<FolderClaim> taken = FolderClaim.tryClaim(folder);
            if (taken.isEmpty()) {
                return;
            }
            claim = taken.get();
            context.getRouteController().startRoute(routeId);
            LOG.info("Now watching {}: the Tandem that watched it let it go.", folder);
            retries.shutdown();
        } catch (Exception e) {
            // said once, not every few seconds while it lasts (a folder deleted meanwhile, say)
            if (!warned) {
                LOG.warn("Cannot take {} over yet, trying again every {} s: {}", folder, RETRY.toSeconds(),
                        e.toString());
                warned = true;
            }
            letGo();
        }
    }

    @Override
    protected synchronized void doStop() {
        if (retries != null) { // null when the context stops before it started
            context.getExecutorServiceManager().shutdownNow(retries);
        }
        letGo();
    }

    private void letGo() {
        if (claim == null) {
            return;
        }
        try {
            claim.close();
        } catch (IOException e) {
            LOG.warn("Could not let {} go: {}", folder, e.toString());
        }
        claim = null;
    }
}
