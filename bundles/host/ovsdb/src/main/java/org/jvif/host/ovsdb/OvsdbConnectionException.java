package org.jvif.host.ovsdb;

/** The connection to the database server failed, was lost, or the client was closed. */
public class OvsdbConnectionException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public OvsdbConnectionException(String message) {
        super(message);
    }

    public OvsdbConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
