package org.jvif.launcher;

import java.io.PrintStream;

/**
 * Where a platform of its own runs. {@code --sandbox} runs it in a fresh network namespace (see
 * {@link NamespaceSandbox}), so that a command touches no device of the host; a sandboxed command
 * never goes to the running background platform.
 */
@FunctionalInterface
interface Sandbox {

    /** Runs the platform with {@code settings} (as the sandbox adjusts them) and returns its exit status. */
    int run(Settings settings, Body platform) throws Exception;

    /** A platform run. */
    @FunctionalInterface
    interface Body {
        int run(Settings settings) throws Exception;
    }

    /** No isolation: the host's namespaces. */
    Sandbox HOST = (settings, platform) -> platform.run(settings);

    static Sandbox of(boolean isolated, Home home, PrintStream err) {
        return isolated ? new NamespaceSandbox(home, err) : HOST;
    }
}
