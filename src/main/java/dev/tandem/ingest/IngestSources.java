package dev.tandem.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.tandem.config.ClosingService;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.config.Secrets;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the source routes from their templates: one {@code ingest-files} route per watched folder, started when
 * this Tandem could claim the folder ({@link FolderClaim}), and, when a bucket is configured, the {@code ingest-s3}
 * poll and its {@code ingest-s3-object} route. Their options come from the checked settings, never from raw
 * placeholders: TANDEM_INGEST_KEEP=yes is a valid setting that Camel's {@code noop} would refuse. A Camel Main
 * listener: the templates are those of the route files, so the routes are created once the route files are loaded.
 */
public final class IngestSources extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(IngestSources.class);

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        try {
            addRoutes(context, context.getRegistry().findSingleByType(ProjectConfiguration.class));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the ingestion routes: " + Secrets.maskText(e.getMessage()), e);
        }
    }

    /**
     * Whether this Tandem watches {@code folder} from the start: it does when it holds the folder's
     * {@link FolderClaim} (let go when the context stops), or when the folder's file system cannot lock at all (said at
     * WARN). When another Tandem holds it, the folder's route is created stopped and a {@link FolderStandby} starts it
     * once that Tandem lets the folder go (said at INFO).
     */
    private static boolean watchesFromTheStart(CamelContext context, Path folder, String routeId) throws Exception {
        WatchedFolders watched = context.getRegistry().findSingleByType(WatchedFolders.class);
        try {
            Optional<FolderClaim> claim = FolderClaim.tryClaim(folder);
            if (claim.isEmpty()) {
                String holder = FolderClaim.holderOf(folder);
                LOG.info("Not watching {} while {} does (it holds {}): a watched folder is one Tandem's. This one"
                        + " takes it over when that one stops.", folder, holder, folder.resolve(FolderClaim.FILE_NAME));
                watched.add(folder, routeId, holder);
                context.addService(new FolderStandby(context, folder, routeId), true, true);
                return false;
            }
            watched.add(folder, routeId, null);
            context.addService(ClosingService.of(claim.get()), true, true);
        } catch (IOException cannotLock) {
            LOG.warn("Watching {} without knowing whether another Tandem watches it too: its file system cannot lock {}"
                    + " ({}). Two Tandems watching one folder lose files.", folder, FolderClaim.FILE_NAME,
                    cannotLock.toString());
            watched.add(folder, routeId, null);
        }
        return true;
    }

    public static void addRoutes(CamelContext context, ProjectConfiguration config) throws Exception {
        List<Path> inboxes = config.ingest().inboxes();
        for (int i = 0; i < inboxes.size(); i++) {
            Path folder = inboxes.get(i).toAbsolutePath().normalize();
            java.nio.file.Files.createDirectories(folder);
            String routeId = inboxes.size() == 1 ? "ingest-files" : "ingest-files-" + (i + 1);
            TemplatedRouteBuilder.builder(context, "ingest-files")
                    .routeId(routeId)
                    .parameter("folder", folder.toString())
                    .parameter("keep", config.ingest().keep())
                    .parameter("watch", watchesFromTheStart(context, folder, routeId))
                    .add();
        }
        if (config.s3().enabled()) {
            ProjectConfiguration.S3 s3 = config.s3();
            TemplatedRouteBuilder.builder(context, "ingest-s3")
                    .routeId("ingest-s3")
                    .parameter("bucket", s3.bucket().orElseThrow())
                    .parameter("prefix", s3.prefix())
                    .parameter("pollMs", s3.pollDelayMillis())
                    .add();
            TemplatedRouteBuilder.builder(context, "ingest-s3-object")
                    .routeId("ingest-s3-object")
                    .parameter("bucket", s3.bucket().get())
                    .parameter("failedDir", config.dataDir().resolve("failed").resolve("s3").resolve(s3.bucket().get())
                            .toAbsolutePath().normalize().toString())
                    .parameter("deleteAfterRead", s3.deleteAfterRead())
                    .add();
        }
    }
}
