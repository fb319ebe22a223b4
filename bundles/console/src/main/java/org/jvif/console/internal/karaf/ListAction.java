package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "vif", name = "list", description = "Lists the VIFs plugged and unplugged through this platform")
@Service
public class ListAction extends VifAction {

    @Override
    Object run() throws Exception {
        return console().list();
    }
}
