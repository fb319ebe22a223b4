package org.jvif.console.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Function;
import org.jvif.api.OsVif;
import org.jvif.api.PluggedVifs;
import org.jvif.api.model.InstanceInfo;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code vif:} commands for Apache Felix Gogo: one Gogo {@link Function} service per command (Gogo
 * cannot map {@code host-info} to a method name), and a {@link Converter} that prints {@link Table}s.
 * Under Karaf the shell's own actions ({@code internal.karaf}) serve instead.
 */
@Component(immediate = true)
public final class GogoCommands {
    private static final String KARAF_SHELL = "org.apache.karaf.shell.api.console.SessionFactory";
    private static final String USAGE_INSTANCE =
            "[--instance FILE | --instance-uuid UUID --instance-name NAME --project-id ID] [--verbose]";
    private static final Set<String> INSTANCE_OPTIONS =
            Set.of("--instance", "--instance-uuid", "--instance-name", "--project-id");

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final VifConsole console;

    @Activate
    public GogoCommands(BundleContext context, @Reference OsVif osVif,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            PluggedVifs pluggedVifs) {
        this.console = new VifConsole(osVif, pluggedVifs);
        if (context.getServiceReference(KARAF_SHELL) != null) {
            return;
        }
        command(context, "plugins", "vif:plugins", (s, o) -> console.plugins(), Set.of(), Set.of());
        command(context, "types", "vif:types", (s, o) -> console.types(), Set.of(), Set.of());
        command(context, "host-info", "vif:host-info [--json] [--vif-type NAME]...",
                (s, o) -> console.hostInfo(o.flag("--json"), o.all("--vif-type")), Set.of("--json"),
                Set.of("--vif-type"));
        command(context, "plug", "vif:plug FILE|- " + USAGE_INSTANCE,
                (s, o) -> console.plug(source(o, "vif:plug"), cwd(s), s.getKeyboard(), instance(s, o)),
                Set.of(), INSTANCE_OPTIONS);
        command(context, "unplug", "vif:unplug FILE|- " + USAGE_INSTANCE,
                (s, o) -> console.unplug(source(o, "vif:unplug"), cwd(s), s.getKeyboard(), instance(s, o)),
                Set.of(), INSTANCE_OPTIONS);
        command(context, "list", "vif:list", (s, o) -> console.list(), Set.of(), Set.of());
        command(context, "examples", "vif:examples [DIR]  (default: the examples/ folder of the platform)",
                (s, o) -> console.examples(examplesDir(s, o), s.getConsole()), Set.of(), Set.of());
        command(context, "show", "vif:show ID", (s, o) -> console.show(source(o, "vif:show")), Set.of(), Set.of());
        command(context, "objects", "vif:objects  (JSON lines on stdin, one result line each on stdout)",
                (s, o) -> {
                    // results, failures included, are the JSON lines: stdout carries nothing else
                    console.objects(s.getKeyboard(), s.getConsole());
                    return null;
                }, Set.of(), Set.of());
        registrations.add(context.registerService(Converter.class, new TableConverter(), null));
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
    }

    /** The body of one command, given the session and its parsed options. */
    @FunctionalInterface
    private interface Body {
        Object run(CommandSession session, Options options) throws Exception;
    }

    private void command(BundleContext context, String name, String usage, Body body, Set<String> flags,
            Set<String> valued) {
        Set<String> allFlags = new java.util.HashSet<>(flags);
        allFlags.add("--verbose");
        allFlags.add("--help");
        Function f = (session, args) -> {
            Options o = new Options(args, allFlags, valued);
            if (o.flag("--help")) {
                return "usage: " + usage;
            }
            try {
                return body.run(session, o);
            } catch (Exception e) {
                if (o.flag("--verbose")) {
                    e.printStackTrace(session.getConsole());
                }
                throw e instanceof CommandFailure ? e : VifConsole.failure(e);
            }
        };
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "vif");
        props.put("osgi.command.function", name);
        registrations.add(context.registerService(Function.class, f, props));
    }

    private static String source(Options o, String command) throws CommandFailure {
        if (o.arguments().size() != 1) {
            throw new CommandFailure(command + " takes one argument", null);
        }
        return o.arguments().get(0);
    }

    private static Path examplesDir(CommandSession session, Options o) throws CommandFailure {
        if (o.arguments().size() > 1) {
            throw new CommandFailure("vif:examples takes at most one argument", null);
        }
        return o.arguments().isEmpty() ? VifConsole.defaultExamples() : cwd(session).resolve(o.arguments().get(0));
    }

    private static Path cwd(CommandSession session) {
        Path dir = session.currentDir();
        return dir != null ? dir : Path.of("").toAbsolutePath();
    }

    private InstanceInfo instance(CommandSession s, Options o) throws CommandFailure {
        if (o.value("--instance") != null) {
            return console.readInstance(o.value("--instance"), cwd(s), s.getKeyboard());
        }
        return VifConsole.instance(o.value("--instance-uuid"), o.value("--instance-name"), o.value("--project-id"));
    }

    /** Gogo prints a command's result through its converters: tables print as tables. */
    private static final class TableConverter implements Converter {
        @Override
        public Object convert(Class<?> desiredType, Object in) {
            return null;
        }

        @Override
        public CharSequence format(Object target, int level, Converter escape) {
            return target instanceof Table ? target.toString() : null;
        }
    }
}
