package org.jvif.host.ovsdb;

/**
 * The call's time ran out before it was sent (queued while not connected, or behind merged transactions
 * still in flight): the server never saw it, so nothing of a transaction so failed was committed.
 */
public class OvsdbNotSentException extends OvsdbTimeoutException {
    private static final long serialVersionUID = 1L;

    public OvsdbNotSentException(String message) {
        super(message);
    }
}
