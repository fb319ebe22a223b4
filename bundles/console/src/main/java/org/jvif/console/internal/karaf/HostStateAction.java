package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.jvif.api.VifHostState;
import org.jvif.console.internal.CommandFailure;
import org.jvif.console.internal.HostStateConsole;
import org.jvif.console.internal.Table;

/** The Karaf side of {@code vif:check}, {@code vif:repair}, {@code vif:gc}: a failing outcome is shown, then fails. */
abstract class HostStateAction extends VifAction {
    @Reference
    VifHostState hostState;

    HostStateConsole hostStateConsole() {
        return new HostStateConsole(hostState);
    }

    @Override
    final Object run() throws Exception {
        HostStateConsole.Outcome out = outcome();
        if (out.failure() == null) {
            return out.shown();
        }
        if (out.shown() instanceof Table) {
            print((Table) out.shown());
        } else {
            System.out.println(out.shown());
        }
        throw new CommandFailure(out.failure(), null);
    }

    abstract HostStateConsole.Outcome outcome() throws Exception;
}
