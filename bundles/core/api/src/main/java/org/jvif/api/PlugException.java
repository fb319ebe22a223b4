package org.jvif.api;

/** A backend failed to plug a VIF; the cause is what it threw. */
public class PlugException extends OsVifException {
    private static final long serialVersionUID = 1L;

    public PlugException(String vif, Throwable err) {
        super("Failed to plug VIF " + vif + ". Got error: " + err.getMessage(), err);
    }
}
