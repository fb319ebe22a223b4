package org.jvif.api;

/** A backend failed to unplug a VIF; the cause is what it threw. */
public class UnplugException extends OsVifException {
    private static final long serialVersionUID = 1L;

    public UnplugException(String vif, Throwable err) {
        super("Failed to unplug VIF " + vif + ". Got error: " + err.getMessage(), err);
    }
}
