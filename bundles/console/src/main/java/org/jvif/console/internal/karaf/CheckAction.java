package org.jvif.console.internal.karaf;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.jvif.console.internal.HostStateConsole;
import org.jvif.console.internal.Options;

@Command(scope = "vif", name = "check", description = "Compares the host with what the plugs in the record make; "
        + "lists orphans. Fails when anything is off")
@Service
public class CheckAction extends HostStateAction {
    @Argument(index = 0, name = "id", multiValued = true, description = "VIF ids (default: every VIF held as plugged)")
    @Completion(VifIdCompleter.class)
    List<String> ids;

    @Option(name = "--json", description = "The report as JSON")
    boolean json;

    @Override
    HostStateConsole.Outcome outcome() throws Exception {
        Options o = ids(ids, "--json"); // options after the ids reach us among them (Karaf's parser)
        return hostStateConsole().check(o.arguments(), json || o.flag("--json"));
    }
}
