package dev.tandem.aws.documentdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpLoggableSession;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The user's yes before a change to a whole collection: asked of the person through the MCP client when it can
 * ask, otherwise taken from the {@code confirm} argument.
 */
class ConfirmationTest {

    private static final String CHANGE = "drop the collection 'orders' of 'shop'";

    @Test
    void should_refuse_without_confirm_when_the_client_cannot_ask_the_user() {
        assertThatThrownBy(() -> Confirmation.require(null, false, CHANGE)).hasMessage("This would drop the"
                + " collection 'orders' of 'shop'. Nothing was changed: call again with \"confirm\": true once the"
                + " user has agreed.");
        assertThatThrownBy(() -> Confirmation.require(client(null).exchange(), false, CHANGE))
                .hasMessageStartingWith("This would drop");
        assertThatThrownBy(() -> Confirmation.require(client(McpSchema.ClientCapabilities.builder().sampling()
                .build()).exchange(), false, CHANGE)).hasMessageStartingWith("This would drop");
    }

    @Test
    void should_go_ahead_on_confirm_when_the_client_cannot_ask_the_user() {
        assertThatCode(() -> Confirmation.require(null, true, CHANGE)).doesNotThrowAnyException();
    }

    @Test
    void should_ask_the_user_through_the_client_and_go_ahead_on_yes() {
        AskingClient client = client(elicitation()).answering(new ElicitResult(ElicitResult.Action.ACCEPT,
                Map.of("confirm", true)));

        assertThatCode(() -> Confirmation.require(client.exchange(), false, CHANGE)).doesNotThrowAnyException();
        assertThat(client.asked).singleElement().satisfies(request -> {
            assertThat(request.message()).isEqualTo("Tandem is about to drop the collection 'orders' of 'shop'."
                    + " Go ahead?");
            assertThat(request).isInstanceOfSatisfying(McpSchema.ElicitFormRequest.class, form -> assertThat(
                    form.requestedSchema()).containsEntry("required", List.of("confirm")));
        });
    }

    @Test
    void should_not_let_the_model_say_yes_for_the_user_when_the_client_can_ask() {
        AskingClient client = client(elicitation()).answering(new ElicitResult(ElicitResult.Action.ACCEPT,
                Map.of("confirm", false)));

        assertThatThrownBy(() -> Confirmation.require(client.exchange(), true, CHANGE))
                .hasMessage("The user did not confirm: nothing was changed.");
        assertThat(client.asked).hasSize(1);
    }

    @Test
    void should_change_nothing_when_the_user_declines_cancels_or_answers_nothing() {
        for (ElicitResult answer : List.of(new ElicitResult(ElicitResult.Action.DECLINE, Map.of("confirm", true)),
                new ElicitResult(ElicitResult.Action.CANCEL, null), new ElicitResult(ElicitResult.Action.ACCEPT, null),
                new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("confirm", "yes")))) {
            AskingClient client = client(elicitation()).answering(answer);

            assertThatThrownBy(() -> Confirmation.require(client.exchange(), true, CHANGE)).as(answer.toString())
                    .hasMessage("The user did not confirm: nothing was changed.");
        }
    }

    private static McpSchema.ClientCapabilities elicitation() {
        return McpSchema.ClientCapabilities.builder().elicitation().build();
    }

    private static AskingClient client(McpSchema.ClientCapabilities capabilities) {
        return new AskingClient(capabilities);
    }

    /** The client end of a session: records what the server asks the user and gives the user's answer. */
    private static final class AskingClient implements McpLoggableSession {

        final List<McpSchema.ElicitRequest> asked = new ArrayList<>();
        private final McpSchema.ClientCapabilities capabilities;
        private ElicitResult answer;

        AskingClient(McpSchema.ClientCapabilities capabilities) {
            this.capabilities = capabilities;
        }

        AskingClient answering(ElicitResult userAnswer) {
            this.answer = userAnswer;
            return this;
        }

        McpSyncServerExchange exchange() {
            return new McpSyncServerExchange(new McpAsyncServerExchange("session", this, capabilities,
                    new McpSchema.Implementation("client", "1"), null));
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Mono<T> sendRequest(String method, Object params, TypeRef<T> type) {
            if (!McpSchema.METHOD_ELICITATION_CREATE.equals(method)) {
                return Mono.error(new IllegalStateException("unexpected request " + method));
            }
            asked.add((McpSchema.ElicitRequest) params);
            return Mono.just((T) answer);
        }

        @Override
        public Mono<Void> sendNotification(String method, Object params) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }

        @Override
        public void close() {
        }

        @Override
        public void setMinLoggingLevel(McpSchema.LoggingLevel level) {
        }

        @Override
        public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel level) {
            return false;
        }
    }
}
