package org.jvif.console.internal.karaf;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "vif", name = "plug", description = "Plugs a VIF given as an os-vif primitive")
@Service
public class PlugAction extends VifAction {
    @Argument(index = 0, name = "vif", required = true, description = "File with the VIF's os-vif primitive, or - for stdin")
    String source;

    @Option(name = "--instance", description = "File with the InstanceInfo primitive")
    String instance;

    @Option(name = "--instance-uuid", description = "The instance's uuid")
    String instanceUuid;

    @Option(name = "--instance-name", description = "The instance's name")
    String instanceName;

    @Option(name = "--project-id", description = "The project that owns the instance")
    String projectId;

    private org.jvif.api.model.InstanceInfo instanceInfo() throws Exception {
        java.nio.file.Path cwd = session.currentDir();
        return instance != null ? console().readInstance(instance, cwd, session.getKeyboard())
                : org.jvif.console.internal.VifConsole.instance(instanceUuid, instanceName, projectId);
    }

    @Override
    Object run() throws Exception {
        return console().plug(source, session.currentDir(), session.getKeyboard(), instanceInfo());
    }
}
