package org.jvif.host.linux;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The configuration file FileInstall reads for a PID ({@code <pid>.cfg} in a {@code felix.fileinstall.dir}:
 * the launcher's and Karaf's {@code etc/}). One it cannot read gives Config Admin nothing, and a backend
 * would start as if unconfigured: this says so instead.
 */
public final class ConfigFiles {
    /** Config Admin puts it in every configuration it delivers. */
    private static final String SERVICE_PID = "service.pid";
    private static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    private static final int PENDING_WAIT_SECONDS = 10;

    private ConfigFiles() {
    }

    /**
     * Why there is no configuration though a file holds one, or null.
     *
     * @param pending the file is readable: Config Admin has not delivered it yet, but should
     */
    public record Unread(String reason, boolean pending) {
    }

    /** What is wrong when {@code properties} came without a configuration though a file holds one; else null. */
    public static Unread unread(String pid, Map<String, ?> properties) {
        if (properties != null && properties.containsKey(SERVICE_PID)) {
            return null;
        }
        String dirs = fileInstallDirs();
        if (dirs == null) {
            return null;
        }
        for (String dir : dirs.split(",")) {
            Path file = Path.of(dir.trim()).resolve(pid + ".cfg");
            if (!dir.isBlank() && Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                    new Properties().load(in);
                } catch (IOException | IllegalArgumentException e) {
                    return new Unread(file + ": unreadable (" + e.getMessage() + "), so Config Admin has no "
                            + "configuration", false);
                }
                return new Unread(file + ": Config Admin has not delivered it", true);
            }
        }
        return null;
    }

    /**
     * Waits, holding {@code monitor}, while {@code pending} holds, for at most {@value #PENDING_WAIT_SECONDS} s:
     * a call meeting a backend whose configuration file is on its way through Config Admin. Whoever delivers
     * it calls {@code monitor.notifyAll()}.
     */
    public static void awaitDelivery(Object monitor, BooleanSupplier pending) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PENDING_WAIT_SECONDS);
        try {
            for (long left = deadline - System.nanoTime(); pending.getAsBoolean() && left > 0;
                    left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String fileInstallDirs() {
        Bundle bundle = FrameworkUtil.getBundle(ConfigFiles.class);
        String dirs = bundle == null || bundle.getBundleContext() == null ? null
                : bundle.getBundleContext().getProperty(FILEINSTALL_DIR);
        return Optional.ofNullable(dirs).orElse(System.getProperty(FILEINSTALL_DIR));
    }
}
