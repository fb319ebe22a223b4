package org.jvif.console.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line as Gogo hands it over (and what follows the file of Karaf's {@code vif:plug}): flags,
 * options with a value (repeatable), arguments, in any order.
 */
public final class Options {
    /** The options of {@code vif:plug} and {@code vif:unplug} that take a value ({@code --host}: through the fleet). */
    public static final Set<String> INSTANCE_OPTIONS =
            Set.of("--instance", "--instance-uuid", "--instance-name", "--project-id", "--host");

    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> arguments = new ArrayList<>();

    /**
     * @param flags options that take no value, e.g. {@code --json}
     * @param valued options that take one value each time they appear, e.g. {@code --vif-type}
     */
    public Options(List<?> args, Set<String> flags, Set<String> valued) throws CommandFailure {
        for (int i = 0; i < args.size(); i++) {
            String a = String.valueOf(args.get(i));
            if (flags.contains(a)) {
                values.computeIfAbsent(a, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new CommandFailure(a + " needs a value", null);
                }
                values.computeIfAbsent(a, k -> new ArrayList<>()).add(String.valueOf(args.get(++i)));
            } else if (a.startsWith("--") || (a.startsWith("-") && a.length() > 1)) {
                throw new CommandFailure("Unknown option " + a, null);
            } else {
                arguments.add(a);
            }
        }
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    public String value(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public List<String> arguments() {
        return arguments;
    }
}
