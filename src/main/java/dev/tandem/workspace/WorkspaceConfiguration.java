package dev.tandem.workspace;

import dev.tandem.config.ProjectConfiguration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** Binds the workspace inventory and backup tools of {@code tools-workspace.camel.yaml}. */
public final class WorkspaceConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        ProjectConfiguration.Mcp config = context.getRegistry().findSingleByType(ProjectConfiguration.class).mcp();
        context.getRegistry().bind("workspaceTools", new WorkspaceTools(config.workspaceRoot(), config.backupPaths()));
    }
}
