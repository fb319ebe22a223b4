package org.jvif.launcher;

import java.nio.file.Path;
import java.util.List;
import org.osgi.framework.BundleContext;

/** Boots a platform in the caller's JVM for the benchmark (the launcher's classes are package-private). */
public final class LauncherAccess {

    /** The file that marks a Felix cache as complete: without it, the next run builds the cache anew. */
    public static final String CACHE_KEY_FILE = FelixCache.KEY_FILE;

    private final Platform platform;
    private final Settings settings;

    private LauncherAccess(Platform platform, Settings settings) {
        this.platform = platform;
        this.settings = settings;
    }

    /** Boots the platform of the given folder on a cache of its own and waits until it is ready. */
    public static LauncherAccess start(Path root) throws Exception {
        Home home = new Home(root);
        home.prepare();
        Settings settings = Settings.load(home);
        Platform platform = Platform.start(home, settings, home.data().resolve("bench-cache"), false, false, System.err);
        List<String> missing = platform.awaitReady(settings.readyTimeout());
        if (!missing.isEmpty()) {
            platform.stop(settings.stopTimeout());
            throw new IllegalStateException("platform not ready: " + missing);
        }
        return new LauncherAccess(platform, settings);
    }

    public BundleContext context() {
        return platform.context();
    }

    public void stop() {
        platform.stop(settings.stopTimeout());
    }
}
