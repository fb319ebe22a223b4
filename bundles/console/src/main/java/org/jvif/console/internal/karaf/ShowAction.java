package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "vif", name = "show", description = "Shows one VIF plugged through this platform")
@Service
public class ShowAction extends VifAction {
    @Argument(index = 0, name = "id", required = true, description = "The VIF id")
    @Completion(VifIdCompleter.class)
    String vifId;

    @Override
    Object run() throws Exception {
        return console().show(vifId);
    }
}
