package org.jvif.console.internal.karaf;

import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "vif", name = "host-info", description = "Shows os-vif's host info: backends, VIF types and versions")
@Service
public class HostInfoAction extends VifAction {
    @Option(name = "--json", description = "Print the os-vif HostInfo primitive as JSON")
    boolean json;

    @Option(name = "--vif-type", multiValued = true, description = "Keep only these VIF types")
    @Completion(VifTypeCompleter.class)
    List<String> vifTypes;

    @Override
    Object run() throws Exception {
        return console().hostInfo(json, vifTypes);
    }
}
