package dev.tandem.aws.documentdb;

import java.util.function.Supplier;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import dev.tandem.tool.ToolException;

/**
 * Runs a driver call and turns what the caller can act on (a server refusing the query, a time limit, an
 * unreachable server) into a {@link ToolException} with the server's words; other failures stay server faults.
 * The route {@code documentdb-operation} translates camel-mongodb's failures the same way.
 */
final class MongoCalls {

    private MongoCalls() {
    }

    static <T> T run(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * What a caller can act on, found anywhere in the causes (camel-mongodb wraps the driver's exceptions), as a
     * {@link ToolException}; anything else comes back unchanged, a server fault.
     */
    static RuntimeException translate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            ToolException known = known(cause);
            if (known != null) {
                return known;
            }
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    private static ToolException known(Throwable cause) {
        if (cause instanceof ToolException tool) {
            return tool;
        }
        if (cause instanceof MongoOperationTimeoutException e) {
            // the time ran out choosing a server (none answered) or waiting for the one chosen
            return e.getMessage().contains("waiting for a server")
                    ? new ToolException("The DocumentDB server cannot be reached: " + e.getMessage())
                    : new ToolException("The operation did not finish within its time limit (maxTimeMS,"
                            + " TANDEM_DOCUMENTDB_MAX_TIME_MS); narrow the filter or add a limit.");
        }
        if (cause instanceof MongoExecutionTimeoutException) {
            return new ToolException("The server stopped the query at its time limit (maxTimeMS,"
                    + " TANDEM_DOCUMENTDB_MAX_TIME_MS); narrow the filter or add a limit.");
        }
        if (cause instanceof MongoWriteException e) {
            return new ToolException("The server refused the write: " + e.getError().getMessage());
        }
        if (cause instanceof MongoCommandException e) {
            return new ToolException("The server refused the request: " + e.getErrorMessage()
                    + " (code " + e.getErrorCode() + ").");
        }
        if (cause instanceof MongoServerException e) {
            return new ToolException("The server refused the request: " + e.getMessage());
        }
        if (cause instanceof MongoSecurityException) {
            return new ToolException("The server refused the credentials of this connection.");
        }
        if (cause instanceof MongoTimeoutException e) {
            return new ToolException("The DocumentDB server cannot be reached: " + e.getMessage());
        }
        if (cause instanceof IllegalArgumentException e) {
            // the driver's own checks of a document, e.g. an update without update operators
            return new ToolException(e.getMessage());
        }
        return null;
    }
}
