package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tandem.http.Caller;
import dev.tandem.http.Scope;
import dev.tandem.tool.ToolDescriptor;

/** A tool that changes something needs the caller's write-tools scope; a read-only one does not. */
class WriteScopeTest {

    private static final Caller READER = new Caller("reader", Set.of(Scope.TOOLS), 0);
    private static final Caller WRITER = new Caller("writer", Set.of(Scope.TOOLS, Scope.WRITE_TOOLS), 0);

    @Test
    void should_let_any_caller_call_a_read_only_tool() {
        assertThat(WriteScope.refusal(tool(true, null), Optional.of(READER))).isEmpty();
        assertThat(WriteScope.refusal(tool(true, false), Optional.of(READER))).isEmpty();
    }

    @Test
    void should_refuse_a_tool_that_changes_something_to_a_caller_without_the_write_tools_scope() {
        assertThat(WriteScope.refusal(tool(false, null), Optional.of(READER))).contains("The API key 'reader' may"
                + " not call docs_write: it changes something, which needs the scope 'write-tools'.");
    }

    @Test
    void should_take_a_tool_without_hints_or_declared_both_read_only_and_destructive_as_changing_something() {
        ToolDescriptor unannotated = new ToolDescriptor("docs_write", null, "A test tool", Map.of(), null, null);

        assertThat(WriteScope.refusal(unannotated, Optional.of(READER))).isPresent();
        assertThat(WriteScope.refusal(tool(true, true), Optional.of(READER))).isPresent();
    }

    @Test
    void should_let_a_caller_with_the_write_tools_scope_call_a_tool_that_changes_something() {
        assertThat(WriteScope.refusal(tool(false, true), Optional.of(WRITER))).isEmpty();
    }

    @Test
    void should_let_tandem_itself_call_a_tool_that_changes_something() {
        assertThat(WriteScope.refusal(tool(false, true), Optional.empty())).isEmpty();
    }

    private static ToolDescriptor tool(Boolean readOnly, Boolean destructive) {
        return new ToolDescriptor("docs_write", null, "A test tool", Map.of(), null,
                new ToolDescriptor.Annotations(readOnly, destructive, null, null));
    }
}
