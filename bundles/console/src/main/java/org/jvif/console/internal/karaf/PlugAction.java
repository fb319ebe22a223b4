package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.jvif.console.internal.FleetHosts;

@Command(scope = "vif", name = "plug", description = "Plugs a VIF given as an os-vif primitive, here or (--host) on a host of the fleet")
@Service
public class PlugAction extends VifFileAction {
    @Override
    Object run() throws Exception {
        return host == null ? console().plug(source, session.currentDir(), System.in, instanceInfo())
                : FleetHosts.require(fleet, name()).plug(host, vif(), instanceInfo());
    }
}
