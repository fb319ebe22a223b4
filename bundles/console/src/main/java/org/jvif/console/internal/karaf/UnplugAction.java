package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.jvif.console.internal.FleetHosts;

@Command(scope = "vif", name = "unplug", description = "Unplugs a VIF given as an os-vif primitive, here or (--host) on a host of the fleet")
@Service
public class UnplugAction extends VifFileAction {
    @Override
    Object run() throws Exception {
        return host == null ? console().unplug(source, session.currentDir(), System.in, instanceInfo())
                : FleetHosts.require(fleet, name()).unplug(host, vif(), instanceInfo());
    }
}
