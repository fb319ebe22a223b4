package org.jvif.host.ovsdb;

/**
 * ovsdb-server rejected a transaction: names the failing operation (its index within the caller's
 * transaction and a description such as {@code wait Port where name == "tap0"}), the RFC 7047 error
 * (e.g. {@code "timed out"}, {@code "constraint violation"}) and its details. Nothing was committed.
 * An error raised when committing rather than by one operation has {@code operationIndex() == -1}.
 */
public class OvsdbOperationException extends OvsdbException {
    private static final long serialVersionUID = 1L;
    private final int operationIndex;
    private final String operation;
    private final String error;
    private final String details;

    public OvsdbOperationException(int operationIndex, String operation, String error, String details) {
        super("transaction failed at " + (operationIndex < 0 ? "commit" : "operation " + operationIndex + " (" + operation + ")")
                + ": " + error + (details == null || details.isEmpty() ? "" : ": " + details));
        this.operationIndex = operationIndex;
        this.operation = operation;
        this.error = error;
        this.details = details;
    }

    public int operationIndex() {
        return operationIndex;
    }

    public String operation() {
        return operation;
    }

    public String error() {
        return error;
    }

    public String details() {
        return details;
    }
}
