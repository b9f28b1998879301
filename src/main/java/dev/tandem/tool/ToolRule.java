package dev.tandem.tool;

/**
 * A feature's say on which of its own tools are served (its write tools only when its writes are allowed). The
 * feature binds its rule in the registry; a tool is served when every rule offers it, so a rule answers
 * {@code true} for tools that are not its feature's.
 */
@FunctionalInterface
public interface ToolRule {

    boolean offers(ToolDescriptor tool);
}
