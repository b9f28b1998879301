package dev.tandem.workspace;

/** A workspace request Tandem refuses or cannot carry out as asked; the message tells the user what to change. */
public final class WorkspaceException extends RuntimeException {

    public WorkspaceException(String message) {
        super(message);
    }
}
