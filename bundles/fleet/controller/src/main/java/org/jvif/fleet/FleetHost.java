package org.jvif.fleet;

import java.time.Instant;

/**
 * A host as its agent registered it.
 *
 * @param name the host's name (its agent's certificate's common name)
 * @param hostInfo os-vif's {@code HostInfo} primitive as JSON text, as the agent's os-vif reports it
 * @param agentVersion the agent's version
 * @param lastSeen when the agent last said it is alive
 * @param alive whether it said so within the fleet's host timeout when this was read (a cut-off or stopped agent
 *              is not alive; plugs on it fail at once until it is back)
 */
public record FleetHost(String name, String hostInfo, String agentVersion, Instant lastSeen, boolean alive) {
}
