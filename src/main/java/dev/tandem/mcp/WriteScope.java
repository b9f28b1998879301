package dev.tandem.mcp;

import java.util.Optional;

import dev.tandem.http.Caller;
import dev.tandem.http.Scope;
import dev.tandem.tool.ToolDescriptor;

/**
 * A tool that changes something ({@link ToolDescriptor#changesSomething()}, Tandem's own or an upstream's) needs the
 * caller's {@code write-tools} scope, over MCP and over {@code /api/tools} alike; a call from inside Tandem has no caller.
 */
final class WriteScope {

    private WriteScope() {
    }

    static Optional<String> refusal(ToolDescriptor tool, Optional<Caller> caller) {
        if (!tool.changesSomething() || caller.isEmpty() || caller.get().may(Scope.WRITE_TOOLS)) {
            return Optional.empty();
        }
        return Optional.of("The API key '" + caller.get().name() + "' may not call " + tool.name() + ": it changes"
                + " something, which needs the scope 'write-tools'.");
    }
}
