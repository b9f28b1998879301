package dev.tandem.aws.cloudcontrol;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import dev.tandem.config.ClosingService;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.search.ElasticsearchConnection;
import dev.tandem.tool.ToolDescriptor;
import dev.tandem.tool.ToolRule;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.function.Suppliers;

/**
 * Builds the AWS Cloud Control tools once from {@link ProjectConfiguration.Aws}: the per-region clients (default
 * credential chain), the schema cache, the confirmation tokens and the tool beans of {@code tools-aws.camel.yaml}.
 */
public final class CloudControlConfiguration implements CamelConfiguration {

    public static final String TOOL_PREFIX = "aws_";
    /** How often a write that waits reads its request status. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    /** What the confirmation tokens' key is derived for from the shared server key. */
    static final String TOKEN_KEY_PURPOSE = "tandem-aws-confirmation";

    @Override
    public void configure(CamelContext context) throws Exception {
        ProjectConfiguration.Aws config = context.getRegistry().findSingleByType(ProjectConfiguration.class).aws();
        AwsClients clients = new AwsClients(config, AwsClients.defaultCredentials(config.profile()));
        ProjectConfiguration.Stateless stateless = context.getRegistry().findSingleByType(ProjectConfiguration.class)
                .mcp().stateless();
        bind(context, config, clients, Clock.systemUTC(), POLL_INTERVAL, new ConfirmationTokens(
                stateless.stateKey().derive(TOKEN_KEY_PURPOSE), config.tokenTtl(), Clock.systemUTC()));
        // search binds the connection; it is looked up when the inventory is first used, whatever the order
        bindInventory(context, config.inventory(), clients,
                () -> context.getRegistry().findSingleByType(ElasticsearchConnection.class), Clock.systemUTC());
    }

    /** The inventory sync and its search tool on this connection; tests call it with their own. */
    public static InventorySync bindInventory(CamelContext context, ProjectConfiguration.AwsInventory config,
            AwsClients clients, ElasticsearchConnection elasticsearch, Clock clock) {
        bindInventory(context, config, clients, () -> elasticsearch, clock);
        return context.getRegistry().lookupByNameAndType("awsInventorySync", InventorySync.class);
    }

    /**
     * The inventory sync and its search tool, built at first look-up; the schedule's route reads its checked settings
     * ({@code {{bean:awsInventorySchedule.enabled}}}: on only when types are configured, and its cron).
     */
    private static void bindInventory(CamelContext context, ProjectConfiguration.AwsInventory config,
            AwsClients clients, Supplier<ElasticsearchConnection> elasticsearch, Clock clock) {
        context.getRegistry().bind("awsInventorySchedule", config);
        Supplier<InventoryIndex> index = Suppliers.memorize(() -> new InventoryIndex(elasticsearch.get(),
                config.index()));
        context.getRegistry().bind("awsInventorySync", InventorySync.class,
                () -> new InventorySync(clients, index.get(), config, clock));
        context.getRegistry().bind("awsInventorySearch", InventorySearch.class,
                () -> new InventorySearch(index.get()));
    }

    /** Binds the tool beans for these settings and clients, with tokens of this process only; tests call it. */
    public static void bind(CamelContext context, ProjectConfiguration.Aws config, AwsClients clients, Clock clock,
            Duration pollInterval) throws Exception {
        bind(context, config, clients, clock, pollInterval, new ConfirmationTokens(config.tokenTtl(), clock));
    }

    private static void bind(CamelContext context, ProjectConfiguration.Aws config, AwsClients clients, Clock clock,
            Duration pollInterval, ConfirmationTokens tokens) throws Exception {
        context.addService(ClosingService.of(clients), true, true);
        ResourceSchemas schemas = new ResourceSchemas(clients, config.schemaTtl(), clock);
        Registry registry = context.getRegistry();
        registry.bind("awsToolRule", (ToolRule) tool -> offered(tool, config));
        registry.bind("awsClients", clients);
        registry.bind("awsResourceReadTools", new ResourceReadTools(clients, config.pageSize()));
        registry.bind("awsResourceRequestTools", new ResourceRequestTools(clients));
        registry.bind("awsResourceSchemas", schemas);
        registry.bind("awsSessionTools", new SessionTools(clients, config.profile(), config.allowWrite()));
        registry.bind("awsSecurityTools", new SecurityTools(clients, schemas, tokens));
        registry.bind("awsResourceWriteTools", new ResourceWriteTools(clients, schemas, tokens,
                new ResourceWriteTools.Settings(config.allowWrite(), config.defaultTags(), config.maxWait()),
                pollInterval));
    }

    /** Read-only mode does not list the AWS write tools at all. */
    public static boolean offered(ToolDescriptor tool, ProjectConfiguration.Aws config) {
        return tool.offeredBy(TOOL_PREFIX, config.allowWrite());
    }
}
