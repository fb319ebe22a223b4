package org.jvif.console.internal.karaf;

import java.util.Collection;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.jvif.console.internal.VifConsole;

/** Completes with the names of the VIF types installed now. */
@Service
public class VifTypeCompleter extends VifCompleter {
    @Override
    Collection<String> names(VifConsole console) {
        return console.vifTypeNames();
    }
}
