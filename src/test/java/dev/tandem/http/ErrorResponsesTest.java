package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.config.Secrets;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** An error answer never carries a secret, whatever words the failure brought with it. */
class ErrorResponsesTest {

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
}
