package org.jvif.console.internal.karaf;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "vif", name = "plugins", description = "Lists the VIF backends and what they plug")
@Service
public class PluginsAction extends VifAction {

    @Override
    Object run() throws Exception {
        return console().plugins();
    }
}
