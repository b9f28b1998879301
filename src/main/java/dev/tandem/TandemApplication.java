package dev.tandem;

import java.nio.file.Path;
import java.util.Optional;

import dev.tandem.aws.cloudcontrol.CloudControlConfiguration;
import dev.tandem.aws.documentdb.DocumentDbConfiguration;
import dev.tandem.config.DotEnv;
import dev.tandem.config.InvalidSettingException;
import dev.tandem.config.TandemConfiguration;
import dev.tandem.config.TandemMainListener;
import dev.tandem.llm.wiring.LlmConfiguration;
import dev.tandem.mcp.McpConfiguration;
import org.apache.camel.main.Main;

/** Tandem's entry point: Camel Main with the YAML routes, Tandem's configuration and its start-up hooks. */
public final class TandemApplication {

    private TandemApplication() {
    }

    public static void main(String[] args) throws Exception {
        DotEnv dotEnv = DotEnv.load(Path.of(".env"));
        Main main = new Main();
        profile(dotEnv).ifPresent(p -> main.configure().setProfile(p));
        assemble(main, dotEnv);
        try {
            main.run(args);
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidSettingException) {
                    System.err.println("Tandem cannot start: " + t.getMessage());
                    System.exit(2);
                }
            }
            throw e;
        }
    }

    /**
     * Tandem's start-up hooks and configurations, in order; tests and benchmarks assemble the same way. Instances, not
     * class names, so that a profile's {@code camel.main.configurationClasses} adds to them instead of replacing them.
     */
    public static void assemble(Main main, DotEnv dotEnv) {
        main.addMainListener(new TandemMainListener(dotEnv));
        main.configure().addConfiguration(new TandemConfiguration());
        main.configure().addConfiguration(new LlmConfiguration());
        main.configure().addConfiguration(new DocumentDbConfiguration());
        main.configure().addConfiguration(new CloudControlConfiguration());
        main.configure().addConfiguration(new McpConfiguration());
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
