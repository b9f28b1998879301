package dev.tandem.aws.cloudcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tandem.aws.cloudcontrol.ConfirmationTokens.Subject;
import org.junit.jupiter.api.Test;

/** A confirmation token opens exactly the change that was checked, once checked, until it expires. */
class ConfirmationTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final Map<String, Object> STATE = Map.of("BucketName", "logs", "Tags", Map.of("team", "a"));
    private static final Subject CREATE = new Subject("create", "eu-west-1", "AWS::S3::Bucket", null, STATE);
    private static final Subject UPDATE = new Subject("update", "eu-west-1", "AWS::S3::Bucket", "logs", STATE);

    private final MovableClock clock = new MovableClock(NOW);
    private final ConfirmationTokens tokens = new ConfirmationTokens(Duration.ofMinutes(10), clock);

    @Test
    void should_accept_the_token_for_the_change_it_was_issued_for() {
        String token = tokens.issue(UPDATE);

        assertThatCode(() -> tokens.verify(token, UPDATE, "aws_update_resource")).doesNotThrowAnyException();
    }

    @Test
    void should_accept_the_same_payload_with_its_keys_in_another_order() {
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("Tags", Map.of("team", "a"));
        reordered.put("BucketName", "logs");
        String token = tokens.issue(UPDATE);

        assertThatCode(() -> tokens.verify(token, new Subject("update", "eu-west-1", "AWS::S3::Bucket", "logs",
                reordered), "aws_update_resource")).doesNotThrowAnyException();
    }

    @Test
    void should_refuse_a_token_issued_for_another_resource_identifier() {
        String token = tokens.issue(UPDATE);
        Subject other = new Subject("update", "eu-west-1", "AWS::S3::Bucket", "backups", STATE);

        assertThatThrownBy(() -> tokens.verify(token, other, "aws_update_resource"))
                .hasMessageStartingWith("The confirmation_token was issued for another operation, region, type,"
                        + " identifier or payload");
    }

    @Test
    void should_refuse_a_token_when_any_part_of_the_change_differs() {
        String token = tokens.issue(UPDATE);

        for (Subject other : new Subject[] {
                new Subject("delete", "eu-west-1", "AWS::S3::Bucket", "logs", STATE),
                new Subject("update", "us-east-1", "AWS::S3::Bucket", "logs", STATE),
                new Subject("update", "eu-west-1", "AWS::SQS::Queue", "logs", STATE),
                new Subject("update", "eu-west-1", "AWS::S3::Bucket", "logs", Map.of("BucketName", "logs")),
                new Subject("update", "eu-west-1", "AWS::S3::Bucket", "logs", null) }) {
            assertThatThrownBy(() -> tokens.verify(token, other, "aws_update_resource"))
                    .as(other.toString()).hasMessageContaining("was issued for another");
        }
    }

    @Test
    void should_refuse_a_token_of_a_create_for_an_update_of_the_same_payload() {
        String token = tokens.issue(CREATE);

        assertThatThrownBy(() -> tokens.verify(token, UPDATE, "aws_update_resource"))
                .hasMessageContaining("was issued for another");
    }

    @Test
    void should_refuse_a_token_from_another_process() {
        String foreign = new ConfirmationTokens(Duration.ofMinutes(10), clock).issue(UPDATE);

        assertThatThrownBy(() -> tokens.verify(foreign, UPDATE, "aws_update_resource"))
                .hasMessageContaining("was issued for another")
                .hasMessageContaining("or by another Tandem process (before a restart, or a replica without the same"
                        + " TANDEM_MCP_STATE_KEY)");
    }

    @Test
    void should_accept_a_token_from_another_process_built_with_the_same_key() {
        byte[] shared = new byte[32];
        shared[0] = 42;
        String issuedByA = new ConfirmationTokens(shared, Duration.ofMinutes(10), clock).issue(UPDATE);
        ConfirmationTokens replicaB = new ConfirmationTokens(shared, Duration.ofMinutes(10), clock);

        assertThatCode(() -> replicaB.verify(issuedByA, UPDATE, "aws_update_resource")).doesNotThrowAnyException();
        assertThatThrownBy(() -> replicaB.verify(issuedByA, CREATE, "aws_create_resource"))
                .hasMessageContaining("was issued for another");
    }

    @Test
    void should_refuse_a_token_whose_expiry_was_pushed_back_by_hand() {
        String token = tokens.issue(UPDATE);
        String later = (Long.parseLong(token.substring(0, token.indexOf('.'))) + 3600)
                + token.substring(token.indexOf('.'));

        assertThatThrownBy(() -> tokens.verify(later, UPDATE, "aws_update_resource"))
                .hasMessageContaining("was issued for another");
    }

    @Test
    void should_accept_a_token_until_the_last_second_before_it_expires() {
        String token = tokens.issue(UPDATE);
        clock.set(NOW.plus(Duration.ofMinutes(10)).minusMillis(1));

        assertThatCode(() -> tokens.verify(token, UPDATE, "aws_update_resource")).doesNotThrowAnyException();
    }

    @Test
    void should_refuse_a_token_at_its_expiry_and_say_when_it_expired() {
        String token = tokens.issue(UPDATE);
        clock.set(NOW.plus(Duration.ofMinutes(10)));

        assertThatThrownBy(() -> tokens.verify(token, UPDATE, "aws_update_resource"))
                .hasMessage("The confirmation_token expired at 2026-12-03T10:10:00Z: check the change again with"
                        + " aws_check_resource_security for a new one.");
    }

    @Test
    void should_tell_when_a_token_expires() {
        assertThat(tokens.expiry(tokens.issue(UPDATE))).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void should_ask_for_a_security_check_when_no_token_is_given() {
        assertThatThrownBy(() -> tokens.verify(null, UPDATE, "aws_update_resource"))
                .hasMessage("aws_update_resource needs a confirmation_token: call aws_check_resource_security with"
                        + " operation update and the same type, identifier and payload first, and show its findings"
                        + " to the user.");
    }

    @Test
    void should_refuse_tokens_it_could_not_have_issued() {
        for (String junk : new String[] {"", "nodot", "abc.def", "123.not*base64", ".xyz"}) {
            assertThatThrownBy(() -> tokens.verify(junk, UPDATE, "aws_update_resource")).as(junk)
                    .hasMessage("The confirmation_token is not one Tandem issued.");
        }
    }

    /** A clock the test moves, so expiry is decided by the token's time, not by how fast the machine is. */
    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
