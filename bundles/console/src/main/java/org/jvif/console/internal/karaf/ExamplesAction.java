package org.jvif.console.internal.karaf;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.jvif.console.internal.CommandFailure;
import org.jvif.console.internal.VifConsole;

@Command(scope = "vif", name = "examples", description = "Plugs the example VIFs, shows host info and what was plugged, unplugs them")
@Service
public class ExamplesAction extends VifAction {
    @Argument(index = 0, name = "dir", description = "Folder of os-vif VIF primitives (default: examples/ of the platform)")
    @Completion(FileCompleter.class)
    String dir;

    @Argument(index = 1, name = "options", multiValued = true, description = "--verbose, when it follows the dir")
    List<String> more;

    @Override
    void prepare() throws CommandFailure {
        trailing(more, Set.of());
    }

    @Override
    Object run() throws Exception {
        Path folder = dir == null ? VifConsole.defaultExamples() : session.currentDir().resolve(dir);
        return console().examples(folder, System.out);
    }
}
