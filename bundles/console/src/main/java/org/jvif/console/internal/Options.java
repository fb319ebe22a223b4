package org.jvif.console.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A command line as Gogo hands it over: flags, options with a value (repeatable), arguments. */
final class Options {
    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> arguments = new ArrayList<>();

    /**
     * @param flags options that take no value, e.g. {@code --json}
     * @param valued options that take one value each time they appear, e.g. {@code --vif-type}
     */
    Options(List<Object> args, Set<String> flags, Set<String> valued) throws CommandFailure {
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

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String value(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    List<String> arguments() {
        return arguments;
    }
}
