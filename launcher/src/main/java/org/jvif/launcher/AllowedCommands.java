package org.jvif.launcher;

import java.util.List;

/**
 * The console commands bin/jvif may run ({@code jvif.commands}): {@code scope:name}, or
 * {@code scope:*} for a whole scope. Checked by the platform on the command's real scope, after a
 * bare name has been looked up, so {@code lb} is allowed exactly when {@code felix:lb} is. The
 * interactive shell is not restricted.
 */
record AllowedCommands(List<String> entries) {

    /**
     * The vif: commands and what an operator needs of the platform: bundles (list, headers, start,
     * stop, update, refresh), components and configurations, read. Not the shell's file, script and
     * install commands (bundles come through deploy/).
     */
    static final String DEFAULT = "vif:*, felix:lb, felix:headers, felix:start, felix:stop, felix:update, felix:refresh,"
            + " scr:list, scr:info, cm:listConfigurations, cm:getConfiguration";

    static AllowedCommands parse(String key, List<String> entries) {
        for (String e : entries) {
            String name = e.endsWith(":*") ? e.substring(0, e.length() - 2) + ":x" : e;
            if (!Invocation.isCommandName(name) || !name.contains(":")) {
                throw new IllegalArgumentException("etc/jvif.properties: " + key + ": '" + e + "' is neither scope:name nor scope:*");
            }
        }
        return new AllowedCommands(List.copyOf(entries));
    }

    /** Whether the command {@code scope:name} may run. */
    boolean allows(String scope, String name) {
        return entries.contains(scope + ":" + name) || entries.contains(scope + ":*");
    }
}
