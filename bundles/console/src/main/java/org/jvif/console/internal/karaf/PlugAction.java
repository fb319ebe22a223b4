package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "vif", name = "plug", description = "Plugs a VIF given as an os-vif primitive")
@Service
public class PlugAction extends VifFileAction {
    @Override
    Object run() throws Exception {
        return console().plug(source, session.currentDir(), System.in, instanceInfo());
    }
}
