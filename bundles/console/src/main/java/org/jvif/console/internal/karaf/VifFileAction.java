package org.jvif.console.internal.karaf;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.jvif.api.model.InstanceInfo;
import org.jvif.console.internal.CommandFailure;
import org.jvif.console.internal.Options;
import org.jvif.console.internal.VifConsole;

/**
 * {@code vif:plug} and {@code vif:unplug}: a VIF primitive and the instance it belongs to. Karaf's parser
 * takes options only before the first argument; the same options after the file ({@code vif:plug FILE
 * --instance FILE}, as Gogo and {@code bin/jvif} take them) arrive as the trailing arguments and are read here.
 */
abstract class VifFileAction extends VifAction {
    @Argument(index = 0, name = "vif", description = "File with the VIF's os-vif primitive, or - for stdin")
    @Completion(FileCompleter.class)
    String source;

    /** Karaf's parser takes a lone "-" before any argument for an option: so it is one. */
    @Option(name = "-", description = "Read the VIF's os-vif primitive from stdin")
    boolean stdin;

    @Argument(index = 1, name = "options", multiValued = true,
            description = "The options, when they follow the file")
    List<String> more;

    @Option(name = "--instance", description = "File with the InstanceInfo primitive")
    @Completion(FileCompleter.class)
    String instance;

    @Option(name = "--instance-uuid", description = "The instance's uuid")
    String instanceUuid;

    @Option(name = "--instance-name", description = "The instance's name")
    String instanceName;

    @Option(name = "--project-id", description = "The project that owns the instance")
    String projectId;

    @Option(name = "--host", description = "Through the fleet: on this host, by its agent")
    String host;

    @Override
    void prepare() throws CommandFailure {
        List<String> after = new ArrayList<>(more == null ? List.of() : more);
        if (stdin) {
            if (source != null) {
                after.add(0, source); // "vif:plug - x": x is an argument too many
            }
            source = "-";
        } else if (source == null) {
            throw new CommandFailure(name() + " needs a file, or - for stdin", null);
        }
        Options o = trailing(after, Options.INSTANCE_OPTIONS);
        instance = o.value("--instance") != null ? o.value("--instance") : instance;
        instanceUuid = o.value("--instance-uuid") != null ? o.value("--instance-uuid") : instanceUuid;
        instanceName = o.value("--instance-name") != null ? o.value("--instance-name") : instanceName;
        projectId = o.value("--project-id") != null ? o.value("--project-id") : projectId;
        host = o.value("--host") != null ? o.value("--host") : host;
    }

    /** The VIF of the file or stdin. */
    org.jvif.api.model.VIFBase vif() throws CommandFailure {
        return console().readVif(source, session.currentDir(), System.in);
    }

    InstanceInfo instanceInfo() throws Exception {
        return instance != null ? console().readInstance(instance, session.currentDir(), System.in)
                : VifConsole.instance(instanceUuid, instanceName, projectId);
    }
}
