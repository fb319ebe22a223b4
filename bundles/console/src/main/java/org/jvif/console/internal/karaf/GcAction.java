package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.jvif.console.internal.HostStateConsole;

@Command(scope = "vif", name = "gc", description = "Removes host objects marked as jvif's that no plugged VIF explains")
@Service
public class GcAction extends HostStateAction {
    @Option(name = "--dry-run", description = "Only list what would be removed")
    boolean dryRun;

    @Override
    HostStateConsole.Outcome outcome() throws Exception {
        return hostStateConsole().gc(dryRun);
    }
}
