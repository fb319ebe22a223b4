package org.jvif.console.internal.karaf;

import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.jvif.api.VifHostState;
import org.jvif.console.internal.CommandFailure;
import org.jvif.console.internal.HostStateConsole;
import org.jvif.console.internal.Options;
import org.jvif.console.internal.Table;

/** The Karaf side of {@code vif:check}, {@code vif:repair}, {@code vif:gc}: a failing outcome is shown, then fails. */
abstract class HostStateAction extends VifAction {
    @Reference
    VifHostState hostState;

    HostStateConsole hostStateConsole() {
        return new HostStateConsole(hostState);
    }

    /** VIF ids as Karaf's parser left them: with the options that followed them ({@code flag}, --verbose) taken out. */
    Options ids(List<String> ids, String flag) throws CommandFailure {
        Options o = new Options(ids == null ? List.of() : ids, Set.of(flag, "--verbose"), Set.of());
        verbose |= o.flag("--verbose");
        return o;
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
