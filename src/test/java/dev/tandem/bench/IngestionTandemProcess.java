package dev.tandem.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.TandemApplication;
import dev.tandem.config.DotEnv;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Tandem as the ingestion benchmark launches it, in a process of its own so that its CPU and memory are Tandem's
 * alone: the application as {@link TandemApplication} assembles it (settings from the environment), plus
 * {@link IngestionStageCpu} counting the CPU of each pipeline step. When the process is asked to stop, it writes
 * those counts as JSON to the file its first argument names.
 *
 * <p>Arguments: {@code <stages.json> <inbox> [--set tandem.some.property=value]...}.
 */
public final class IngestionTandemProcess {

    private IngestionTandemProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path stagesFile = Path.of(args[0]);
        IngestionStageCpu stages = new IngestionStageCpu(Path.of(args[1]));
        Main main = new Main();
        TandemApplication.assemble(main, DotEnv.empty());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                configured.getCamelContext().getCamelContextExtension().addInterceptStrategy(stages);
            }
        });
        for (int i = 2; i + 1 < args.length; i += 2) {
            String[] kv = args[i + 1].split("=", 2);
            main.addOverrideProperty(kv[0], kv.length > 1 ? kv[1] : "");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(stagesFile, new ObjectMapper().writeValueAsString(stages.seconds()));
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "stage-cpu-report"));
        main.run();
    }
}
