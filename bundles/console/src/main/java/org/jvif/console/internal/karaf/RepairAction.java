package org.jvif.console.internal.karaf;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.jvif.console.internal.HostStateConsole;
import org.jvif.console.internal.Options;

@Command(scope = "vif", name = "repair", description = "Plugs again, from the record, the VIFs check finds drifted, "
        + "missing or interrupted")
@Service
public class RepairAction extends HostStateAction {
    @Argument(index = 0, name = "id", multiValued = true, description = "VIF ids")
    @Completion(VifIdCompleter.class)
    List<String> ids;

    @Option(name = "--all", description = "Every VIF the record holds as plugged")
    boolean all;

    @Override
    HostStateConsole.Outcome outcome() throws Exception {
        Options o = ids(ids, "--all"); // options after the ids reach us among them (Karaf's parser)
        return hostStateConsole().repair(o.arguments(), all || o.flag("--all"));
    }
}
