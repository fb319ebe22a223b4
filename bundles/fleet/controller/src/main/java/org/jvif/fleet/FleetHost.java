package org.jvif.fleet;

import java.time.Instant;

/**
 * A host as its agent registered it.
 *
 * @param name the host's name (its agent's certificate's common name)
 * @param hostInfo os-vif's {@code HostInfo} primitive as JSON text, as the agent's os-vif reports it
 * @param agentVersion the agent's version
 * @param lastSeen when the agent last said it is alive
 */
public record FleetHost(String name, String hostInfo, String agentVersion, Instant lastSeen) {
}
