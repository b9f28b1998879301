package dev.tandem.aws.cloudcontrol;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.function.Supplier;

import dev.tandem.tool.ToolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs one AWS call: an error the caller can act on (a 4xx: unknown type or resource, unsupported action, bad
 * input, throttling, refused credentials) and AWS out of reach come back as tool errors; server faults stay
 * exceptions.
 */
final class AwsCalls {

    private static final Logger LOG = LoggerFactory.getLogger(AwsCalls.class);

    private AwsCalls() {
    }

    static <T> T run(Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            if (e.statusCode() >= 400 && e.statusCode() < 500) {
                String code = e.awsErrorDetails() == null ? "Error" : e.awsErrorDetails().errorCode();
                String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
                String advice = e.statusCode() == 401 || e.statusCode() == 403
                        ? " Check the AWS credentials (environment, AWS_PROFILE or role) and their permissions." : "";
                throw new ToolException(e.statusCode() == 429 ? 429 : 400, "AWS refused: " + code + ": " + message
                        + advice);
            }
            throw e;
        } catch (SdkClientException e) {
            // the SDK's words name hosts, ports and its own classes: for the log, not for the caller
            LOG.warn("AWS call failed: {}", e.getMessage());
            if (causedBy(e, ConnectException.class) || causedBy(e, UnknownHostException.class)) {
                throw new ToolException(503, "AWS cannot be reached: check the network, the region and"
                        + " TANDEM_AWS_ENDPOINT when it is set.");
            }
            if (String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
                throw new ToolException(503, "No AWS credentials were found: set them in the environment, a profile"
                        + " (AWS_PROFILE) or an instance role.");
            }
            throw e;
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    static boolean throttled(AwsServiceException e) {
        return e.isThrottlingException() || (e.awsErrorDetails() != null
                && "ThrottlingException".equals(e.awsErrorDetails().errorCode()));
    }
}
