package org.jvif.console.internal.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Option;
import org.jvif.api.model.InstanceInfo;
import org.jvif.console.internal.VifConsole;

/** {@code vif:plug} and {@code vif:unplug}: a VIF primitive and the instance it belongs to. */
abstract class VifFileAction extends VifAction {
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

    InstanceInfo instanceInfo() throws Exception {
        return instance != null ? console().readInstance(instance, session.currentDir(), session.getKeyboard())
                : VifConsole.instance(instanceUuid, instanceName, projectId);
    }
}
