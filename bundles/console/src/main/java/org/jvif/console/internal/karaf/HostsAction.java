package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.jvif.console.internal.FleetHosts;

@Command(scope = "vif", name = "hosts", description = "The hosts of the fleet, as their agents last reported")
@Service
public class HostsAction extends VifAction {
    @Override
    Object run() throws Exception {
        return FleetHosts.require(fleet, name()).hosts();
    }
}
