package org.jvif.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.felix.framework.Felix;
import org.apache.felix.framework.FrameworkFactory;
import org.apache.felix.framework.util.Util;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * One embedded Felix: installs every bundle of bundles/ (and bundles/interactive/ for the shell, bundles/fleet/
 * as etc/ configures the fleet),
 * starts them with FileInstall last, so that the configurations in etc/ and the bundles in deploy/
 * are applied by its first, synchronous scan (with deploy/ empty: right after Config Admin, and Event Admin and
 * Metatype after readiness, {@link #AFTER_READY}), and tells when the platform is ready.
 */
final class Platform {

    static final String FILEINSTALL = "org.apache.felix.fileinstall";
    static final String CONFIG_ADMIN = "org.apache.felix.configadmin";
    static final String GOGO_SHELL = "org.apache.felix.gogo.shell";
    static final String H2 = "com.h2database";
    static final String EVENT_ADMIN = "org.apache.felix.eventadmin";
    static final String METATYPE = "org.apache.felix.metatype";
    /**
     * Started once the platform is ready (served) or not at all (a one-shot run), when deploy/ is empty:
     * services no jvif bundle and no command of bin/jvif needs (the registry posts events only when there is
     * an Event Admin, and until a bundle comes through deploy/ nobody receives them; Metatype describes
     * configurations to tools), whose start took about a tenth of a one-shot run's CPU.
     */
    static final Set<String> AFTER_READY = Set.of(EVENT_ADMIN, METATYPE);
    /** Framework property: symbolic names (comma list) of bundles installed but not started. */
    static final String SKIP_BUNDLES = "jvif.platform.skip";
    /** The fleet's PIDs, which are also its bundles' artifact ids: etc/PID.cfg installs the bundle. */
    static final String FLEET_PID = "org.jvif.fleet";
    static final String FLEET_AGENT_PID = "org.jvif.fleet.agent";
    /** Config Admin's persistence manager (Felix's {@code felix.cm.pm}). */
    static final String CM_PERSISTENCE = "felix.cm.pm";
    /** SCR keeps the component descriptions it parsed in its data area, for the next run on a kept cache. */
    static final String SCR_CACHE_METADATA = "ds.cache.metadata";

    private final Framework framework;
    private final Settings settings;
    /** Bundles whose start failed, with why: reported at once rather than waited for. */
    private final Map<Bundle, String> failed = new LinkedHashMap<>();
    private final Object changes = new Object();
    /** deploy/ held no jar at boot: nothing but etc/ for FileInstall's first scan, nobody to want {@link #AFTER_READY}. */
    private final boolean deployEmpty;
    /** Symbolic names of bundles left resolved until {@link #startAfterReady} ({@link #AFTER_READY}). */
    private final Set<String> idle;

    private Platform(Framework framework, Settings settings, boolean deployEmpty) {
        this.framework = framework;
        this.settings = settings;
        this.deployEmpty = deployEmpty;
        this.idle = deployEmpty ? AFTER_READY : Set.of();
    }

    /**
     * Boots a framework on the cache in {@code storage} (kept from the last run when it was built from
     * the same, else built anew: {@link FelixCache}) and starts the platform's bundles. Problems that
     * do not stop the boot (a bundle that will not start, a jar that is no bundle) are printed on
     * {@code warnings}. {@code byReference}: the cache gets the jars of bundles/ by reference (a
     * one-shot run's), not copies (the served platform's, so that a jar replaced in bundles/ while it
     * runs cannot pull the ground from under it).
     */
    static Platform start(Home home, Settings settings, Path storage, boolean interactive, boolean byReference, PrintStream warnings)
            throws BundleException, IOException {
        StrictModes.check(home);
        Map<String, String> config = properties(settings, byReference);
        List<Path> jars = jars(home, interactive, byReference);
        String key = FelixCache.key(home, config, jars, byReference);
        Optional<FelixCache.Kept> kept = FelixCache.kept(storage, key);
        // the jars that are no bundles: known to a kept cache, else looked into
        List<String> notBundles = kept.isPresent() ? kept.get().notBundles() : new ArrayList<>();
        if (kept.isEmpty()) {
            for (Path jar : jars) {
                if (!isBundle(jar)) {
                    notBundles.add(FelixCache.name(jar));
                }
            }
        }
        List<Path> bundles = new ArrayList<>();
        for (Path jar : jars) {
            if (notBundles.contains(FelixCache.name(jar))) {
                warnings.println("jvif: warning: " + home.root().relativize(jar) + " is not an OSGi bundle; skipped");
            } else {
                bundles.add(jar);
            }
        }
        boolean deployEmpty = jars(home.deploy()).isEmpty();
        try {
            return boot(settings, config, storage, bundles, byReference, key, kept, notBundles, deployEmpty, warnings);
        } catch (BundleException | IOException | RuntimeException e) {
            if (kept.isEmpty()) {
                throw e;
            }
            // a kept cache the framework cannot take (damaged by a kill, say): built anew
            System.err.println("jvif: the Felix cache in " + storage + " cannot be kept (" + Outcome.oneLine(e) + "); building it anew");
            FelixCache.forget(storage);
            return boot(settings, config, storage, bundles, byReference, key, Optional.empty(), notBundles, deployEmpty, warnings);
        }
    }

    /**
     * Initializes the framework's classes whose static set-up takes a while (Felix's privileged-access helper, its
     * defaults and its view of the JVM's modules: about 25 ms of a one-shot run's main thread), so that another
     * thread can do it while the launcher gets the run ready. What fails here fails again where the framework is made.
     */
    static void initializeFramework() {
        for (Class<?> c : List.of(Felix.class, Util.class)) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // told where the framework is made
            }
        }
    }

    /** True when {@link #start} would take the cache in {@code storage} as it is. */
    static boolean reusable(Home home, Settings settings, Path storage, boolean interactive, boolean byReference) throws IOException {
        Map<String, String> config = properties(settings, byReference);
        return FelixCache.kept(storage, FelixCache.key(home, config, jars(home, interactive, byReference), byReference)).isPresent();
    }

    /** The framework properties of a run: the settings' and the launcher's. */
    private static Map<String, String> properties(Settings settings, boolean byReference) {
        Map<String, String> config = new HashMap<>(settings.framework());
        if (byReference) {
            // a one-shot command does what it is asked and no more: start-up reconcile only reports
            // (vif:repair repairs), unless etc/org.jvif.registry.cfg or jvif.properties says otherwise
            config.putIfAbsent("org.jvif.registry.reconcile_on_start", "report");
            // and opens the record only for a command that needs it (host-info, types do not)
            config.putIfAbsent("org.jvif.registry.record_open", "on_first_use");
        }
        // the files in etc/ are the configuration: Config Admin keeps what FileInstall gives it in
        // memory, so that no configuration of an earlier run lives on in a kept cache
        config.put(CM_PERSISTENCE, "memory");
        // parsing every bundle's component XML took about a tenth of a one-shot run; SCR checks each
        // description kept against its bundle's last-modified time (FelixCache keeps the file)
        config.put(SCR_CACHE_METADATA, "true");
        return config;
    }

    /** The jars of bundles/ (and bundles/interactive/ for the shell, bundles/fleet/ as etc/ says), in install order. */
    private static List<Path> jars(Home home, boolean interactive, boolean oneShot) throws IOException {
        List<Path> jars = new ArrayList<>(jars(home.bundles()));
        if (interactive) {
            jars.addAll(jars(home.interactiveBundles()));
        }
        jars.addAll(fleetBundles(home, oneShot));
        return jars;
    }

    /** @param kept the kept cache; empty: the cache is built anew (with {@code key}) */
    private static Platform boot(Settings settings, Map<String, String> properties, Path storage, List<Path> bundles,
                                 boolean byReference, String key, Optional<FelixCache.Kept> kept, List<String> notBundles,
                                 boolean deployEmpty, PrintStream warnings) throws BundleException, IOException {
        Map<String, String> config = new HashMap<>(properties);
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, kept.isPresent() ? "none" : Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        if (kept.isPresent()) {
            FelixCache.trim(storage, kept.get().lastBundleId());
        }
        // Felix's own factory: looking it up as a service read every jar of lib/ (10 ms of a one-shot run)
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.init();
        Platform platform = new Platform(framework, settings, deployEmpty);
        try {
            if (kept.isPresent()) {
                platform.checkKept(bundles.stream().map(j -> location(j, byReference)).collect(Collectors.toSet()));
            }
            framework.start();
            long lastBundleId = platform.installAndStart(bundles, byReference, warnings);
            if (kept.isEmpty()) {
                FelixCache.seal(storage, key, new FelixCache.Kept(lastBundleId, notBundles));
            }
        } catch (BundleException | IOException | RuntimeException e) {
            platform.stop(settings.stopTimeout());
            throw e;
        }
        return platform;
    }

    /**
     * A kept cache, loaded: it holds exactly the bundles of bundles/, none of them to be started by the
     * framework itself (a console command may have started one persistently).
     */
    private void checkKept(Set<String> locations) throws BundleException {
        Set<String> found = new HashSet<>();
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (b.getBundleId() == 0) {
                continue;
            }
            found.add(b.getLocation());
            if (b.adapt(BundleStartLevel.class).isPersistentlyStarted()) {
                b.stop();
            }
        }
        if (!found.equals(locations)) {
            throw new IllegalStateException("the kept Felix cache does not hold the bundles of bundles/");
        }
    }

    private static String location(Path jar, boolean byReference) {
        return (byReference ? "reference:" : "") + jar.toUri();
    }

    /** @return the id of the last bundle installed from bundles/ (those of deploy/ come after it) */
    private long installAndStart(List<Path> jars, boolean byReference, PrintStream warnings) throws BundleException {
        BundleContext ctx = framework.getBundleContext();
        BundleListener bundles = e -> signal();
        ServiceListener services = e -> {
            if (e.getType() == ServiceEvent.REGISTERED) {
                signal();
            }
        };
        ctx.addBundleListener(bundles);
        ctx.addServiceListener(services);

        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            // a location the kept cache holds already gives its bundle back
            installed.add(ctx.installBundle(location(jar, byReference)));
        }
        framework.adapt(FrameworkWiring.class).resolveBundles(installed);
        // FileInstall last: its first scan of deploy/ and etc/ runs inside its start, against a
        // platform whose Config Admin and bundles are already up; the shell comes after readiness.
        // With deploy/ empty that scan only hands etc/ to Config Admin: then right after Config Admin, so
        // that the components activate configured, rather than unconfigured and again once Config Admin's
        // thread delivers (a command meeting a backend in between waited for it).
        // Transient starts: the framework of the next run on this cache starts nothing by itself.
        installed.sort(Comparator.comparingInt(b -> CONFIG_ADMIN.equals(b.getSymbolicName()) ? -2
                : FILEINSTALL.equals(b.getSymbolicName()) ? (deployEmpty ? -1 : 1) : 0));
        for (Bundle b : installed) {
            if (isFragment(b) || GOGO_SHELL.equals(b.getSymbolicName()) || skipped(b)) {
                continue;
            }
            try {
                b.start(Bundle.START_TRANSIENT);
            } catch (BundleException | RuntimeException e) {
                failed.put(b, Outcome.oneLine(e));
                warnings.println("jvif: warning: bundle " + b.getSymbolicName() + " did not start: " + Outcome.oneLine(e));
            }
        }
        GogoConsole.offerBundleConverter(ctx);
        return installed.stream().mapToLong(Bundle::getBundleId).max().orElse(0);
    }

    private static List<Path> jars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    /**
     * Of bundles/fleet/ (many hosts, issue 13): the controller's when etc/ configures its PID, the agent's when
     * etc/ configures the agent's and this platform is served (daemon or shell: a one-shot command never runs an
     * agent of its own), the fleet database's with either; none on a platform that is no part of a fleet. Told
     * apart by file name, {@code <artifactId>-<version>.jar}, as the build copies them.
     */
    static List<Path> fleetBundles(Home home, boolean oneShot) throws IOException {
        boolean controller = Files.exists(home.etc().resolve(FLEET_PID + ".cfg"));
        boolean agent = !oneShot && Files.exists(home.etc().resolve(FLEET_AGENT_PID + ".cfg"));
        return jars(home.fleetBundles()).stream().filter(jar -> {
            String name = jar.getFileName().toString();
            return name.startsWith(FLEET_AGENT_PID + "-") ? agent : name.startsWith(FLEET_PID + "-") ? controller : controller || agent;
        }).toList();
    }

    private static boolean isBundle(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getManifest() != null && j.getManifest().getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) != null;
        }
    }

    /**
     * A bundle left installed (resolved) but not started: H2's, whose activator only offers a JDBC driver
     * that no jvif bundle uses (the record uses its MVStore classes, which need none) and took a tenth of
     * the bundles' start; those the settings name ({@value #SKIP_BUNDLES}); those started after readiness
     * ({@link #AFTER_READY}).
     */
    private boolean skipped(Bundle b) {
        return H2.equals(b.getSymbolicName()) || idle.contains(b.getSymbolicName())
                || List.of(settings.framework().getOrDefault(SKIP_BUNDLES, "").split(",")).contains(b.getSymbolicName());
    }

    private static boolean isFragment(Bundle b) {
        return (b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /**
     * Waits until every bundle is ACTIVE (fragments RESOLVED, lazy ones STARTING) and every
     * readiness service whose class exists in some bundle is registered.
     *
     * @return what is still missing when the timeout ran out; empty when ready
     */
    List<String> awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changes) {
            while (true) {
                List<String> missing = missing();
                long left = deadline - System.nanoTime();
                if (missing.isEmpty() || left <= 0) {
                    return missing;
                }
                // events wake us; the short cap covers changes no event reports
                changes.wait(Math.max(1, Math.min(50, left / 1_000_000)));
            }
        }
    }

    private void signal() {
        synchronized (changes) {
            changes.notifyAll();
        }
    }

    private List<String> missing() {
        List<String> missing = new ArrayList<>();
        BundleContext ctx = framework.getBundleContext();
        Bundle[] all = ctx.getBundles();
        for (Bundle b : all) {
            if (b.getBundleId() == 0 || failed.containsKey(b) || GOGO_SHELL.equals(b.getSymbolicName()) || skipped(b)) {
                continue;
            }
            int state = b.getState();
            boolean ready = state == Bundle.ACTIVE
                    || (state == Bundle.RESOLVED && isFragment(b))
                    || (state == Bundle.STARTING && Constants.ACTIVATION_LAZY.equals(b.getHeaders().get(Constants.BUNDLE_ACTIVATIONPOLICY)));
            if (!ready) {
                missing.add("bundle " + b.getSymbolicName() + " " + stateName(state));
            }
        }
        for (String service : settings.readyServices()) {
            String classFile = service.replace('.', '/') + ".class";
            boolean exists = Stream.of(all).anyMatch(b -> b.getBundleId() != 0 && b.getState() != Bundle.UNINSTALLED
                    && b.getEntry(classFile) != null);
            try {
                if (exists && ctx.getAllServiceReferences(service, null) == null) {
                    missing.add("service " + service);
                }
            } catch (InvalidSyntaxException e) {
                throw new AssertionError(e);
            }
        }
        return missing;
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    /**
     * Starts what {@link #AFTER_READY} left resolved, unless the platform is stopping already; a bundle that
     * does not start is told on {@code warnings}.
     */
    void startAfterReady(PrintStream warnings) {
        BundleContext ctx = framework.getBundleContext();
        Bundle[] all;
        try {
            all = ctx == null ? new Bundle[0] : ctx.getBundles();
        } catch (IllegalStateException stopped) {
            return;
        }
        for (Bundle b : all) {
            if (idle.contains(b.getSymbolicName()) && framework.getState() == Bundle.ACTIVE) {
                try {
                    b.start(Bundle.START_TRANSIENT);
                } catch (BundleException | RuntimeException e) {
                    if (framework.getState() == Bundle.ACTIVE) {
                        warnings.println("jvif: warning: bundle " + b.getSymbolicName() + " did not start: " + Outcome.oneLine(e));
                    }
                }
            }
        }
    }

    /** Starts the interactive Gogo shell, once the platform is ready (so its commands are there). */
    void startShell() throws BundleException {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (GOGO_SHELL.equals(b.getSymbolicName())) {
                b.start(Bundle.START_TRANSIENT);
                return;
            }
        }
        throw new BundleException("the Gogo shell is not installed (bundles/interactive/)");
    }

    /** Blocks until the framework has stopped, whoever stopped it. */
    void awaitStopped() throws InterruptedException {
        framework.waitForStop(0);
    }

    /**
     * Stops the framework gracefully and waits for it at most {@code timeout}.
     *
     * @return false when it did not stop in time
     */
    boolean stop(Duration timeout) {
        try {
            framework.stop();
            FrameworkEvent e = framework.waitForStop(Math.max(1, timeout.toMillis()));
            return e.getType() != FrameworkEvent.WAIT_TIMEDOUT;
        } catch (BundleException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
