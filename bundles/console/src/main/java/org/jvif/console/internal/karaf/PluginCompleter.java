package org.jvif.console.internal.karaf;

import java.util.Collection;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.jvif.console.internal.VifConsole;

/** Completes with the names of the backends installed now. */
@Service
public class PluginCompleter extends VifCompleter {
    @Override
    Collection<String> names(VifConsole console) {
        return console.pluginNames();
    }
}
