package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "vif", name = "objects", description = "Validates and converts os-vif primitives: JSON lines in, one result line each out")
@Service
public class ObjectsAction extends VifAction {

    @Override
    Object run() throws Exception {
        console().objects(System.in, System.out);
        return null;
    }
}
