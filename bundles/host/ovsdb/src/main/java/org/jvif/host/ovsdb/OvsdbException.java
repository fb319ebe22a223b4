package org.jvif.host.ovsdb;

/** Base of every error this client reports; unchecked, so it travels well through {@code CompletableFuture}s. */
public class OvsdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OvsdbException(String message) {
        super(message);
    }

    public OvsdbException(String message, Throwable cause) {
        super(message, cause);
    }
}
