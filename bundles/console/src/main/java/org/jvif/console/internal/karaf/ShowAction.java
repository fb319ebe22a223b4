package org.jvif.console.internal.karaf;

import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.jvif.console.internal.CommandFailure;

@Command(scope = "vif", name = "show", description = "Shows one VIF plugged through this platform")
@Service
public class ShowAction extends VifAction {
    @Argument(index = 0, name = "id", required = true, description = "The VIF id")
    @Completion(VifIdCompleter.class)
    String vifId;

    @Argument(index = 1, name = "options", multiValued = true, description = "--verbose, when it follows the id")
    List<String> more;

    @Override
    void prepare() throws CommandFailure {
        trailing(more, Set.of());
    }

    @Override
    Object run() throws Exception {
        return console().show(vifId);
    }
}
