package dev.tandem;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.tandem.aws.cloudcontrol.CloudControlConfiguration;
import dev.tandem.aws.documentdb.DocumentDbConfiguration;
import dev.tandem.config.CommonPoolDefaults;
import dev.tandem.config.DotEnv;
import dev.tandem.config.HeapDefaults;
import dev.tandem.config.InvalidSettingException;
import dev.tandem.config.Secrets;
import dev.tandem.config.SettingsBeforeStart;
import dev.tandem.config.TandemMainListener;
import dev.tandem.game.turtlesoup.TurtleSoupConfiguration;
import dev.tandem.http.HttpConfiguration;
import dev.tandem.ingest.IngestConfiguration;
import dev.tandem.ingest.IngestSources;
import dev.tandem.llm.backend.embedded.PullCommand;
import dev.tandem.llm.wiring.LlmConfiguration;
import dev.tandem.mcp.McpConfiguration;
import dev.tandem.mcp.gateway.GatewayConfiguration;
import dev.tandem.mcp.modern.ModernConfiguration;
import dev.tandem.observe.ObserveConfiguration;
import dev.tandem.search.SearchConfiguration;
import dev.tandem.workspace.WorkspaceConfiguration;
import org.apache.camel.main.Main;

/** Tandem's entry point: Camel Main with the YAML routes, Tandem's configuration and its start-up hooks. */
public final class TandemApplication {

    private TandemApplication() {
    }

    public static void main(String[] args) throws Exception {
        CommonPoolDefaults.apply();
        DotEnv dotEnv = DotEnv.load(Path.of(".env"));
        try {
            if (args.length > 0 && "pull".equals(args[0])) {
                System.exit(PullCommand.run(List.of(args).subList(1, args.length), dataDir(dotEnv), System.out,
                        System.err));
            }
            if (args.length > 0 && !args[0].startsWith("-")) {
                // Camel Main would print its options and exit with 0, as if the command had run
                System.err.println("Unknown command '" + args[0] + "': `java -jar tandem.jar` runs Tandem (settings"
                        + " come from the environment), `java -jar tandem.jar pull <name-or-url>` downloads a model.");
                System.exit(2);
            }
            Main main = new Main();
            profile(dotEnv).ifPresent(p -> main.configure().setProfile(p));
            assemble(main, dotEnv);
            main.run(args);
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidSettingException) {
                    System.err.println("Tandem cannot start: " + Secrets.maskText(t.getMessage()));
                    System.exit(2);
                }
            }
            throw e;
        }
    }

    /**
     * Tandem's start-up hooks and each feature's configuration; tests and benchmarks assemble the same way. Instances,
     * not class names, so that a profile's {@code camel.main.configurationClasses} adds to them instead of replacing
     * them. Correctness does not depend on the order; search comes right after the HTTP server's settings, before the
     * other features, only so that the embedding model loads while the Elasticsearch dev service starts.
     */
    public static void assemble(Main main, DotEnv dotEnv) {
        // learnt before anything logs, so that every line is masked from the first
        Secrets.learn(System.getenv());
        Secrets.learn(dotEnv.asMap());
        Secrets.learn(System.getProperties());
        HeapDefaults.apply();
        main.addMainListener(new TandemMainListener(dotEnv));
        main.addMainListener(new IngestSources());
        main.configure().addConfiguration(new HttpConfiguration());
        main.configure().addConfiguration(new SearchConfiguration());
        main.configure().addConfiguration(new IngestConfiguration());
        main.configure().addConfiguration(new ObserveConfiguration());
        main.configure().addConfiguration(new WorkspaceConfiguration());
        main.configure().addConfiguration(new LlmConfiguration());
        main.configure().addConfiguration(new DocumentDbConfiguration());
        main.configure().addConfiguration(new CloudControlConfiguration());
        main.configure().addConfiguration(new TurtleSoupConfiguration());
        main.configure().addConfiguration(new GatewayConfiguration());
        main.configure().addConfiguration(new McpConfiguration());
        main.configure().addConfiguration(new ModernConfiguration());
    }

    private static Path dataDir(DotEnv dotEnv) {
        return Path.of(SettingsBeforeStart.read(dotEnv).text("tandem.data.dir"));
    }

    /** {@code TANDEM_PROFILE=dev} selects {@code application-dev.properties} (route reload, consoles). */
    private static Optional<String> profile(DotEnv dotEnv) {
        String profile = System.getenv("TANDEM_PROFILE");
        if (profile == null) {
            profile = dotEnv.get("TANDEM_PROFILE");
        }
        return Optional.ofNullable(profile).filter(p -> !p.isBlank());
    }
}
