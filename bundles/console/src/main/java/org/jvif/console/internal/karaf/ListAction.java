package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.jvif.console.internal.FleetHosts;

@Command(scope = "vif", name = "list", description = "Lists the VIFs plugged and unplugged through this platform")
@Service
public class ListAction extends VifAction {

    @Option(name = "--host", description = "The VIFs desired on this host of the fleet, with what its agent reported")
    String host;

    @Override
    Object run() throws Exception {
        return host == null ? console().list() : FleetHosts.require(fleet, name()).list(host);
    }
}
