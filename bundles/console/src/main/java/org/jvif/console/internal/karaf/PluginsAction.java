package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "vif", name = "plugins", description = "Lists the VIF backends and what they plug")
@Service
public class PluginsAction extends VifAction {

    @Override
    Object run() throws Exception {
        return console().plugins();
    }
}
