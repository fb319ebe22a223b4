package org.jvif.console.internal.karaf;

import java.util.Collection;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.jvif.api.OsVif;
import org.jvif.api.PluggedVifs;
import org.jvif.console.internal.VifConsole;

/** Completes with what is installed or recorded now: the names a subclass takes from the console. */
abstract class VifCompleter implements Completer {
    @Reference
    OsVif osVif;

    @Reference(optional = true)
    PluggedVifs pluggedVifs;

    abstract Collection<String> names(VifConsole console);

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(names(new VifConsole(osVif, pluggedVifs))).complete(session, commandLine, candidates);
    }
}
