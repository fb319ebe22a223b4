package org.jvif.host.ovsdb;

/** A call did not complete within its timeout (os-vif's {@code ovs_vsctl_timeout}). */
public class OvsdbTimeoutException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public OvsdbTimeoutException(String message) {
        super(message);
    }
}
