package dev.tandem.aws.documentdb;

import java.util.function.Supplier;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import dev.tandem.mcp.ToolException;

/**
 * Runs a driver call and turns what the caller can act on (a server refusing the query, a time limit, an
 * unreachable server) into a {@link ToolException} with the server's words; other failures stay server faults.
 */
final class MongoCalls {

    private MongoCalls() {
    }

    static <T> T run(Supplier<T> call) {
        try {
            return call.get();
        } catch (MongoExecutionTimeoutException e) {
            throw new ToolException("The server stopped the query at its time limit (maxTimeMS); narrow the filter"
                    + " or add a limit.");
        } catch (MongoWriteException e) {
            throw new ToolException("The server refused the write: " + e.getError().getMessage());
        } catch (MongoCommandException e) {
            throw new ToolException("The server refused the request: " + e.getErrorMessage()
                    + " (code " + e.getErrorCode() + ").");
        } catch (MongoServerException e) {
            throw new ToolException("The server refused the request: " + e.getMessage());
        } catch (MongoSecurityException e) {
            throw new ToolException("The server refused the credentials of this connection.");
        } catch (MongoTimeoutException e) {
            throw new ToolException("The DocumentDB server cannot be reached: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // the driver's own checks of a document, e.g. an update without update operators
            throw new ToolException(e.getMessage());
        }
    }
}
