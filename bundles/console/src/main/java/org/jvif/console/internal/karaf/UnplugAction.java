package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "vif", name = "unplug", description = "Unplugs a VIF given as an os-vif primitive")
@Service
public class UnplugAction extends VifFileAction {
    @Override
    Object run() throws Exception {
        return console().unplug(source, session.currentDir(), System.in, instanceInfo());
    }
}
