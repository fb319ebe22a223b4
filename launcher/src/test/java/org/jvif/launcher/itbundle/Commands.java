package org.jvif.launcher.itbundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Gogo commands of the test bundle (scope ittest), built into a bundle on the fly by the tests. */
public final class Commands {

    private final String version;

    public Commands(String version) {
        this.version = version;
    }

    public String hello(String name) {
        return "hello " + name;
    }

    /** The arguments as received, joined by '|': shows that nothing was re-parsed on the way. */
    public String args(String... words) {
        return String.join("|", words);
    }

    public void fail(String why) {
        throw new IllegalStateException("failed on purpose: " + why);
    }

    public String version() {
        return version;
    }

    /** Reads stdin to its end and returns it in upper case. */
    public String upper() throws IOException {
        return new String(System.in.readAllBytes(), StandardCharsets.UTF_8).toUpperCase();
    }

    /** Writes to System.out rather than returning a value. */
    public void print(String line) {
        System.out.println(line);
    }

    /** The process the command runs in. */
    public long pid() {
        return ProcessHandle.current().pid();
    }
}
