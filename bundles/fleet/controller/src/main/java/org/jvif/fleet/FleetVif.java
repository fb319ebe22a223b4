package org.jvif.fleet;

import java.util.Optional;

/**
 * A VIF desired on a host, and what the host's agent last reported for it.
 *
 * @param host the host
 * @param vifId the VIF's id
 * @param desired {@link VifReport.State#PLUGGED} or {@link VifReport.State#UNPLUGGED}
 * @param generation raised by one with every write of the desired state
 * @param primitive the VIF's os-vif primitive as JSON text
 * @param report the agent's last report, empty before its first
 */
public record FleetVif(String host, String vifId, VifReport.State desired, long generation, String primitive,
        Optional<VifReport> report) {
    /** Whether the host reached the desired state of the current generation. */
    public boolean converged() {
        return report.isPresent() && report.get().generation() >= generation && report.get().state() == desired;
    }
}
