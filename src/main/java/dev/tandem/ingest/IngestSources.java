package dev.tandem.ingest;

import java.nio.file.Path;
import java.util.List;

import dev.tandem.config.ProjectConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

/**
 * Creates the source routes from their templates: one {@code ingest-files} route per watched folder and, when a
 * bucket is configured, one {@code ingest-s3} route.
 */
public final class IngestSources {

    private IngestSources() {
    }

    public static void addRoutes(CamelContext context, ProjectConfiguration config) throws Exception {
        List<Path> inboxes = config.ingest().inboxes();
        for (int i = 0; i < inboxes.size(); i++) {
            Path folder = inboxes.get(i).toAbsolutePath().normalize();
            java.nio.file.Files.createDirectories(folder);
            TemplatedRouteBuilder.builder(context, "ingest-files")
                    .routeId(inboxes.size() == 1 ? "ingest-files" : "ingest-files-" + (i + 1))
                    .parameter("folder", folder.toString())
                    .add();
        }
        if (config.s3().enabled()) {
            ProjectConfiguration.S3 s3 = config.s3();
            TemplatedRouteBuilder.builder(context, "ingest-s3")
                    .routeId("ingest-s3")
                    .parameter("bucket", s3.bucket().orElseThrow())
                    .parameter("failedDir", config.dataDir().resolve("failed").resolve("s3").resolve(s3.bucket().get())
                            .toAbsolutePath().normalize().toString())
                    .add();
        }
    }
}
