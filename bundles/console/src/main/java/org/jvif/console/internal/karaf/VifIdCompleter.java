package org.jvif.console.internal.karaf;

import java.util.Collection;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.jvif.console.internal.VifConsole;

/** Completes with the ids of the VIFs the record holds now. */
@Service
public class VifIdCompleter extends VifCompleter {
    @Override
    Collection<String> names(VifConsole console) {
        return console.vifIds();
    }
}
