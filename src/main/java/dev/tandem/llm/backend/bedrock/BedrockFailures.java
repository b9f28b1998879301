package dev.tandem.llm.backend.bedrock;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.tandem.llm.BackendException;
import dev.tandem.llm.BackendException.Kind;
import org.apache.camel.CamelExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * Turns what the AWS SDK throws into a {@link BackendException} whose message a user can act on; the endpoint and
 * the SDK's own words go to the log, not into the message.
 */
final class BedrockFailures {

    private static final Logger LOG = LoggerFactory.getLogger(BedrockFailures.class);

    private final String service;
    private final String endpoint;

    /** {@code service} names the backend in messages, e.g. {@code Amazon Bedrock (us-east-1)}; the endpoint is logged. */
    BedrockFailures(String service, String endpoint) {
        this.service = service;
        this.endpoint = endpoint;
    }

    BackendException classify(Throwable thrown) {
        Throwable failure = unwrap(thrown);
        if (failure instanceof BackendException classified) {
            return classified;
        }
        if (failure instanceof AwsServiceException answered) {
            return classifyAnswer(answered);
        }
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            return new BackendException(Kind.TIMEOUT, service + " gave no complete answer in time", null, null, failure);
        }
        if (causedBy(failure, ConnectException.class)) {
            LOG.warn("{} at {} could not be reached: {}", service, endpoint, failure.toString());
            return new BackendException(Kind.UNREACHABLE, service + " cannot be reached: could not connect (check"
                    + " the network, and TANDEM_BEDROCK_ENDPOINT when it is set)", null, null, failure);
        }
        if (mentions(failure, "unable to load credentials")) {
            return rejected("authentication", service + " cannot be called: no AWS credentials were found (environment,"
                    + " system properties, profile or instance role)", failure);
        }
        // the SDK's words for a JSON body it cannot read and for event-stream frames that fail their checksums
        if (mentions(failure, "unable to unmarshall") || mentions(failure, "checksum failure")) {
            return new BackendException(Kind.MALFORMED, service + " sent a response that is not a Converse answer",
                    null, null, failure);
        }
        // an interrupted caller cancelled the call: nothing failed, and writing a stack trace now would lose the
        // interrupt the caller must see
        if (!Thread.currentThread().isInterrupted()) {
            LOG.warn("{} at {} could not be called", service, endpoint, failure);
        }
        return new BackendException(Kind.UNREACHABLE, service + " could not be called; the server log has the details",
                null, null, failure);
    }

    /** A stream that had begun and then lost its connection was cut off, not unreachable. */
    BackendException classifyStream(Throwable thrown, boolean answering) {
        BackendException failure = classify(thrown);
        return answering && failure.kind() == Kind.UNREACHABLE ? cutOff(failure.getCause()) : failure;
    }

    BackendException timedOut(Duration total) {
        return new BackendException(Kind.TIMEOUT, service + " gave no complete answer within " + readable(total));
    }

    BackendException firstTokenTooLate(Duration firstToken) {
        return new BackendException(Kind.FIRST_TOKEN_TIMEOUT, service + " sent no text within " + readable(firstToken));
    }

    BackendException cutOff(Throwable cause) {
        return new BackendException(Kind.CUT_OFF, service + " ended the stream before the answer was complete",
                null, null, cause);
    }

    BackendException cancelled() {
        return new BackendException(Kind.CANCELLED, service + " call cancelled: the answer is no longer needed");
    }

    BackendException malformed(String what) {
        return new BackendException(Kind.MALFORMED, service + " sent " + what);
    }

    BackendException empty() {
        return new BackendException(Kind.EMPTY, service + " answered with no text");
    }

    BackendException contentPolicy(String why) {
        return rejected("content_policy_violation", service + " withheld the answer: " + why, null);
    }

    private BackendException classifyAnswer(AwsServiceException answered) {
        String type = answered.awsErrorDetails() == null ? "" : String.valueOf(answered.awsErrorDetails().errorCode());
        String message = answered.awsErrorDetails() == null || answered.awsErrorDetails().errorMessage() == null
                ? "no details given"
                : answered.awsErrorDetails().errorMessage().replace(endpoint, "(the Bedrock endpoint)");
        int status = answered.statusCode();
        String lower = message.toLowerCase(Locale.ROOT);
        if (type.equals("ModelNotReadyException")) {
            return serverError(status, type, "the model is not ready: " + message, answered);
        }
        if (type.equals("ModelTimeoutException")) {
            return new BackendException(Kind.TIMEOUT, service + " timed out generating the answer: " + message,
                    null, null, answered);
        }
        if (status == 429 || type.equals("ThrottlingException") || type.equals("ServiceQuotaExceededException")) {
            return throttled(answered, message);
        }
        if (status == 403 || type.equals("AccessDeniedException") || type.equals("UnrecognizedClientException")) {
            return rejected("authentication", service + " refused the AWS credentials: " + message
                    + " Check the credentials and that model access is granted to them.", answered);
        }
        if (status >= 500 || type.equals("ModelErrorException")) {
            return serverError(status, type, message, answered);
        }
        if (lower.contains("too long") || lower.contains("input length") || lower.contains("context")
                || lower.contains("too many tokens")) {
            return rejected("context_length_exceeded", service + " rejected the request: the conversation is too long"
                    + " for the model (" + message + ")", answered);
        }
        if (lower.contains("content") && (lower.contains("policy") || lower.contains("filter"))
                || lower.contains("guardrail")) {
            return rejected("content_policy_violation", service + " rejected the request under its content policy: "
                    + message, answered);
        }
        if (status == 404 || type.equals("ResourceNotFoundException")) {
            return rejected("model_not_found", service + " does not know the model: " + message, answered);
        }
        return rejected("invalid_request", service + " rejected the request (" + type + "): " + message, answered);
    }

    private BackendException throttled(AwsServiceException answered, String message) {
        Duration retryAfter = answered.awsErrorDetails() == null ? null : answered.awsErrorDetails().sdkHttpResponse()
                .firstMatchingHeader("Retry-After")
                .map(BedrockFailures::seconds)
                .orElse(null);
        String advice = retryAfter != null ? "retry after " + readable(retryAfter) : message;
        return new BackendException(Kind.RATE_LIMITED, service + " throttled the request: " + advice, null,
                retryAfter, answered);
    }

    private BackendException serverError(int status, String type, String message, Throwable cause) {
        return new BackendException(Kind.SERVER_ERROR, service + " failed (HTTP " + status + " " + type + "): "
                + message, null, null, cause);
    }

    private static BackendException rejected(String code, String message, Throwable cause) {
        return new BackendException(Kind.REJECTED, message, code, null, cause);
    }

    private static Duration seconds(String retryAfter) {
        try {
            return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }

    static String readable(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable failure = thrown;
        while ((failure instanceof CompletionException || failure instanceof ExecutionException
                || failure instanceof CamelExecutionException) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentions(Throwable failure, String words) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().toLowerCase(Locale.ROOT).contains(words)) {
                return true;
            }
        }
        return false;
    }
}
