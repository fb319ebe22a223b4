package org.jvif.console.internal;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Process;
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
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code vif:} commands for Apache Felix Gogo: one Gogo {@link Function} service per command (Gogo
 * cannot map {@code host-info} to a method name), and a {@link Converter} that prints {@link Table}s.
 * Under Karaf the shell's own actions ({@code internal.karaf}) serve instead.
 */
@Component(immediate = true)
public final class GogoCommands {
    private static final String KARAF_SHELL = "org.apache.karaf.shell.api.console.SessionFactory";
    private static final int FLEET_WAIT_SECONDS = 30;
    private static final String USAGE_INSTANCE =
            "[--instance FILE | --instance-uuid UUID --instance-name NAME --project-id ID] [--verbose]";

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    /** Dynamic: a fleet coming or going changes no command (a reactivation left a moment without any). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FleetHosts fleet;
    private final BundleContext context;

    @Activate
    public GogoCommands(BundleContext context, @Reference OsVif osVif,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            PluggedVifs pluggedVifs) {
        this.context = context;
        if (context.getServiceReference(KARAF_SHELL) != null) {
            return;
        }
        functions(new VifConsole(osVif, pluggedVifs), this::fleet).forEach((name, f) -> {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("osgi.command.scope", "vif");
            props.put("osgi.command.function", name);
            registrations.add(context.registerService(Function.class, f, props));
        });
        registrations.add(context.registerService(Converter.class, new TableConverter(), null));
    }

    /**
     * Each command by its name. A command reads the input and writes the output of its place in the
     * pipeline ({@code cat lines | vif:objects}, {@code vif:types | grep VIF}), not the terminal's.
     */
    static Map<String, Function> functions(VifConsole console) {
        return functions(console, (Supplier<FleetHosts>) null);
    }

    /** As {@link #functions(VifConsole)}; with a fleet, {@code --host H} plugs, unplugs and lists on host H. */
    static Map<String, Function> functions(VifConsole console, FleetHosts fleet) {
        return functions(console, () -> fleet);
    }

    /** @param fleets the fleet at each call (none: {@code --host} is refused); null: no {@code vif:hosts} */
    private static Map<String, Function> functions(VifConsole console, Supplier<FleetHosts> fleets) {
        Supplier<FleetHosts> fleet = fleets == null ? () -> null : fleets;
        Map<String, Function> commands = new LinkedHashMap<>();
        command(commands, "plugins", "vif:plugins", (s, o) -> console.plugins(), Set.of(), Set.of());
        command(commands, "types", "vif:types", (s, o) -> console.types(), Set.of(), Set.of());
        command(commands, "host-info", "vif:host-info [--json] [--vif-type NAME]...",
                (s, o) -> console.hostInfo(o.flag("--json"), o.all("--vif-type")), Set.of("--json"),
                Set.of("--vif-type"));
        command(commands, "plug", "vif:plug FILE|- " + USAGE_INSTANCE + " [--host H]",
                (s, o) -> o.value("--host") == null
                        ? console.plug(source(o, "vif:plug"), cwd(s), in(), instance(console, s, o))
                        : FleetHosts.require(fleet.get(), "vif:plug").plug(o.value("--host"),
                                console.readVif(source(o, "vif:plug"), cwd(s), in()), instance(console, s, o)),
                Set.of(), Options.INSTANCE_OPTIONS);
        command(commands, "unplug", "vif:unplug FILE|- " + USAGE_INSTANCE + " [--host H]",
                (s, o) -> o.value("--host") == null
                        ? console.unplug(source(o, "vif:unplug"), cwd(s), in(), instance(console, s, o))
                        : FleetHosts.require(fleet.get(), "vif:unplug").unplug(o.value("--host"),
                                console.readVif(source(o, "vif:unplug"), cwd(s), in()), instance(console, s, o)),
                Set.of(), Options.INSTANCE_OPTIONS);
        command(commands, "list", "vif:list [--host H]", (s, o) -> o.value("--host") == null ? console.list()
                : FleetHosts.require(fleet.get(), "vif:list").list(o.value("--host")), Set.of(), Set.of("--host"));
        if (fleets != null) {
            command(commands, "hosts", "vif:hosts  (the hosts of the fleet, as their agents last reported)",
                    (s, o) -> FleetHosts.require(fleet.get(), "vif:hosts").hosts(), Set.of(), Set.of());
        }
        command(commands, "examples", "vif:examples [DIR]  (default: the examples/ folder of the platform)",
                (s, o) -> console.examples(examplesDir(s, o), out()), Set.of(), Set.of());
        command(commands, "show", "vif:show ID", (s, o) -> console.show(source(o, "vif:show")), Set.of(), Set.of());
        command(commands, "objects", "vif:objects  (JSON lines on stdin, one result line each on stdout)",
                (s, o) -> {
                    // results, failures included, are the JSON lines: stdout carries nothing else
                    console.objects(in(), out());
                    return null;
                }, Set.of(), Set.of());
        return commands;
    }

    /** The input of the running command's place in its pipeline. */
    private static InputStream in() {
        Process p = Process.Utils.current();
        return p != null ? p.in() : System.in;
    }

    static PrintStream out() {
        Process p = Process.Utils.current();
        return p != null ? p.out() : System.out;
    }

    static PrintStream err() {
        Process p = Process.Utils.current();
        return p != null ? p.err() : System.err;
    }

    /**
     * The fleet, if there is one. A fleet registered but not yet bound here is still activating (the controller
     * connecting to its database, at the start of a one-shot command, say): waited for, up to
     * {@value #FLEET_WAIT_SECONDS} s, as a caller of the service would wait.
     */
    private FleetHosts fleet() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(FLEET_WAIT_SECONDS);
        while (fleet == null && context.getServiceReference(FleetHosts.class) != null && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fleet;
    }

    @Deactivate
    void deactivate() {
        unregister(registrations);
    }

    /** Unregisters a component's command services (some may be gone already: the framework is stopping). */
    static void unregister(List<ServiceRegistration<?>> registrations) {
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

    private static void command(Map<String, Function> commands, String name, String usage, Body body,
            Set<String> flags, Set<String> valued) {
        Set<String> allFlags = new HashSet<>(flags);
        allFlags.add("--verbose");
        allFlags.add("--help");
        commands.put(name, (session, args) -> {
            Options o = new Options(args, allFlags, valued);
            if (o.flag("--help")) {
                return "usage: " + usage;
            }
            try {
                return body.run(session, o);
            } catch (Exception e) {
                if (o.flag("--verbose")) {
                    e.printStackTrace(err());
                }
                throw e instanceof CommandFailure ? e : VifConsole.failure(e);
            }
        });
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

    private static InstanceInfo instance(VifConsole console, CommandSession s, Options o) throws CommandFailure {
        if (o.value("--instance") != null) {
            return console.readInstance(o.value("--instance"), cwd(s), in());
        }
        return VifConsole.instance(o.value("--instance-uuid"), o.value("--instance-name"), o.value("--project-id"));
    }

    /** Gogo prints a command's result through its converters: tables print as tables. */
    static final class TableConverter implements Converter {
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
