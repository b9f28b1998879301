package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.Secrets;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * An error answer in the OpenAI shape whatever failed ({@code message}, {@code type}, {@code param}, {@code code}),
 * naming the field at fault, and never carrying a secret, whatever words the failure brought with it.
 */
class ErrorResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_mask_a_known_secret_and_url_credentials_in_an_error_answer() throws Exception {
        Secrets.learn("TANDEM_OPENAI_API_KEY", "sk-in-an-error-5c7e");
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new InvalidRequestException(
                "The provider said: key sk-in-an-error-5c7e refused at https://someone:hunter22@api.example.com"));

        new ErrorResponses().respond(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        assertThat(exchange.getMessage().getBody(String.class))
                .contains("key **** refused at https://****@api.example.com")
                .doesNotContain("sk-in-an-error-5c7e").doesNotContain("hunter22");
    }

    @Test
    void should_name_the_field_at_fault_as_the_openai_sdks_read_it() throws Exception {
        assertThat(answer(new InvalidRequestException("n", "'n' must be 1."))).isEqualTo(JSON.readTree(
                "{\"error\": {\"message\": \"'n' must be 1.\", \"type\": \"invalid_request_error\", \"param\": \"n\","
                        + " \"code\": \"invalid_value\"}}"));
        assertThat(answer(ApiException.about("input", 400, "invalid_request_error", "too_many_inputs", "Too many.")))
                .isEqualTo(JSON.readTree("{\"error\": {\"message\": \"Too many.\", \"type\": \"invalid_request_error\","
                        + " \"param\": \"input\", \"code\": \"too_many_inputs\"}}"));
    }

    @Test
    void should_answer_every_kind_of_failure_with_the_same_four_fields() throws Exception {
        JsonNode notJson = answer(new JsonParseException(null, "Unexpected end-of-input"));
        JsonNode internal = answer(new NullPointerException("a bug"));

        assertThat(fieldNames(notJson.get("error"))).containsExactly("message", "type", "param", "code");
        assertThat(fieldNames(internal.get("error"))).containsExactly("message", "type", "param", "code");
        assertThat(notJson.at("/error/code").asText()).isEqualTo("invalid_json");
        assertThat(notJson.at("/error/param").isNull()).isTrue();
        assertThat(internal.at("/error/type").asText()).isEqualTo("server_error");
        assertThat(internal.at("/error/code").isNull()).isTrue();
        assertThat(internal.toString()).doesNotContain("a bug").doesNotContain("NullPointerException");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode answer(Throwable failure) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        new ErrorResponses().respond(exchange);
        return JSON.readTree(exchange.getMessage().getBody(String.class));
    }
}
