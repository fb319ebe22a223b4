package org.jvif.console.internal.karaf;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.jvif.api.OsVif;
import org.jvif.api.PluggedVifs;
import org.jvif.console.internal.VifConsole;

/** Completes with what is installed or recorded now. */
@Service
public class PluginCompleter implements Completer {
    @Reference
    OsVif osVif;

    @Reference(optional = true)
    PluggedVifs pluggedVifs;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(new VifConsole(osVif, pluggedVifs).pluginNames())
                .complete(session, commandLine, candidates);
    }
}
