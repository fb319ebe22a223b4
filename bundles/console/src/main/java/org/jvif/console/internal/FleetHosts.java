package org.jvif.console.internal;

import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;

/**
 * The fleet side of the console ({@code vif:hosts}, {@code vif:plug|unplug|list --host H}), as a service of this
 * bundle's own: the commands know this type only, so they load and run where no fleet bundle is installed;
 * {@link FleetConsole} offers it while the controller's {@code Fleet} service is there.
 */
public interface FleetHosts {
    /** The hosts whose agents registered. */
    Table hosts();

    /** Asks the host to plug the VIF and waits for its agent's report. */
    String plug(String host, VIFBase vif, InstanceInfo instance) throws CommandFailure;

    String unplug(String host, VIFBase vif, InstanceInfo instance) throws CommandFailure;

    /** The VIFs desired on the host, each with what its agent last reported. */
    Table list(String host) throws CommandFailure;

    /** The fleet, or the failure a command with {@code --host} ends with when there is none. */
    static FleetHosts require(FleetHosts fleet, String command) throws CommandFailure {
        if (fleet == null) {
            throw new CommandFailure(command + ": no fleet here (the Fleet service, PID org.jvif.fleet, is not running)",
                    null);
        }
        return fleet;
    }
}
