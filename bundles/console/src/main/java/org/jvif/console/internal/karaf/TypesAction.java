package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "vif", name = "types", description = "Lists the installed object types and their versions")
@Service
public class TypesAction extends VifAction {

    @Override
    Object run() throws Exception {
        return console().types();
    }
}
