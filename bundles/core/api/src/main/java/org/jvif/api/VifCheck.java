package org.jvif.api;

import java.util.List;

/**
 * How the host compares with what one VIF's plug makes ({@link VifHostState#check}).
 *
 * @param vifId the VIF's id
 * @param plugin the backend it names
 * @param vifName its {@code vif_name}, or null
 * @param status the verdict for the VIF as a whole
 * @param findings the backend's items, each ok, drifted or missing; empty when not checked
 * @param note why it could not be checked, or what else is known (a call in flight); null when nothing
 */
public record VifCheck(String vifId, String plugin, String vifName, Status status, List<Finding> findings,
        String note) {
    /** A VIF's verdict. */
    public enum Status {
        /** Everything its plug makes is there as it makes it. */
        OK,
        /** Some of it is there, not all of it as its plug makes it. */
        DRIFTED,
        /** None of what its plug makes is there. */
        MISSING,
        /** A plug or unplug of it was in flight when the platform stopped, and has not been finished. */
        INTERRUPTED,
        /** Its backend is not installed, or cannot inspect the host. */
        UNCHECKED
    }

    public VifCheck {
        findings = List.copyOf(findings);
    }

    /** Whether nothing is off: {@link Status#OK}. */
    public boolean ok() {
        return status == Status.OK;
    }
}
