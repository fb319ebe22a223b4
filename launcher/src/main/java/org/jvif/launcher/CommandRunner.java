package org.jvif.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/** Runs one console command; the platform's Gogo console, or a stand-in in tests. */
@FunctionalInterface
interface CommandRunner {

    /**
     * @param command the command name (bare or scope:name) and its arguments
     * @param cwd     the caller's working directory
     * @return how the command ended; failures are outcomes, not exceptions
     */
    Outcome run(List<String> command, Path cwd, InputStream in, OutputStream out, OutputStream err);
}
