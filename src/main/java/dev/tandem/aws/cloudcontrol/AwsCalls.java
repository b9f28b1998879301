package dev.tandem.aws.cloudcontrol;

import java.util.function.Supplier;

import dev.tandem.tool.ToolException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Runs one AWS call: an error the caller can act on (a 4xx: unknown type or resource, unsupported action, bad
 * input, throttling) comes back as a tool error naming AWS's code; server faults stay exceptions.
 */
final class AwsCalls {

    private AwsCalls() {
    }

    static <T> T run(Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            if (e.statusCode() >= 400 && e.statusCode() < 500) {
                String code = e.awsErrorDetails() == null ? "Error" : e.awsErrorDetails().errorCode();
                String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
                throw new ToolException(e.statusCode() == 429 ? 429 : 400, "AWS refused: " + code + ": " + message);
            }
            throw e;
        }
    }

    static boolean throttled(AwsServiceException e) {
        return e.isThrottlingException() || (e.awsErrorDetails() != null
                && "ThrottlingException".equals(e.awsErrorDetails().errorCode()));
    }
}
