package dev.tandem.aws.documentdb;

import java.util.function.Supplier;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import dev.tandem.tool.ToolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a driver call and turns what the caller can act on (a server refusing the query, a time limit, an
 * unreachable server, refused credentials) into a {@link ToolException} a user can act on, with the server's words
 * where they help and never the driver's internals (cluster state, class names), which go to the log; other
 * failures stay server faults.
 * The route {@code documentdb-operation} translates camel-mongodb's failures the same way.
 */
final class MongoCalls {

    private static final Logger LOG = LoggerFactory.getLogger(MongoCalls.class);

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
        if (cause instanceof MongoOperationTimeoutException e && !e.getMessage().contains("waiting for a server")) {
            return new ToolException("The operation did not finish within its time limit (maxTimeMS,"
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
        if (cause instanceof MongoSecurityException e) {
            LOG.warn("DocumentDB refused the credentials: {}", e.getMessage());
            return credentialsRefused();
        }
        if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketException) {
            // no server could be chosen in time; the driver's message holds the cluster's state and why each server
            // failed: for the log, not for the caller, who only needs to know which of the two it was
            LOG.warn("DocumentDB cannot be reached: {}", cause.getMessage());
            String state = cause.getMessage();
            if (state.contains(MongoSecurityException.class.getSimpleName())) {
                return credentialsRefused();
            }
            return state.contains("PKIX")
                    ? new ToolException("The DocumentDB server cannot be reached: its TLS certificate is not one the"
                            + " CA bundle vouches for (PKIX path validation failed); set TANDEM_DOCUMENTDB_CA_FILE to"
                            + " the bundle of the server's CA, e.g. Amazon's global-bundle.pem.")
                    : new ToolException("The DocumentDB server cannot be reached: check the host and port of the"
                            + " connection, that the server runs and that the network (and TLS,"
                            + " TANDEM_DOCUMENTDB_CA_FILE) lets Tandem through.");
        }
        if (cause instanceof IllegalArgumentException e) {
            // the driver's own checks of a document, e.g. an update without update operators
            return new ToolException(e.getMessage());
        }
        return null;
    }

    private static ToolException credentialsRefused() {
        return new ToolException("The DocumentDB server refused the user name or password of this connection: check"
                + " the credentials in its URI (TANDEM_DOCUMENTDB_CONNECTIONS_<NAME>_URI) and the user's rights.");
    }
}
