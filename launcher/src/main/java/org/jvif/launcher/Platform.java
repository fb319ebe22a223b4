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
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;
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
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * One embedded Felix: installs every bundle of bundles/ (and bundles/interactive/ for the shell, bundles/fleet/
 * as etc/ configures the fleet),
 * starts them with FileInstall last, so that the configurations in etc/ and the bundles in deploy/
 * are applied by its first, synchronous scan, and tells when the platform is ready.
 */
final class Platform {

    static final String FILEINSTALL = "org.apache.felix.fileinstall";
    static final String GOGO_SHELL = "org.apache.felix.gogo.shell";
    /** Framework property: symbolic names (comma list) of bundles installed but not started. */
    static final String SKIP_BUNDLES = "jvif.platform.skip";
    /** The fleet's PIDs, which are also its bundles' artifact ids: etc/PID.cfg installs the bundle. */
    static final String FLEET_PID = "org.jvif.fleet";
    static final String FLEET_AGENT_PID = "org.jvif.fleet.agent";

    private final Framework framework;
    private final Settings settings;
    /** Bundles whose start failed, with why: reported at once rather than waited for. */
    private final Map<Bundle, String> failed = new LinkedHashMap<>();
    private final Object changes = new Object();

    private Platform(Framework framework, Settings settings) {
        this.framework = framework;
        this.settings = settings;
    }

    /**
     * Boots a framework on a clean cache in {@code storage} and starts the platform's bundles.
     * Problems that do not stop the boot (a bundle that will not start, a jar that is no bundle)
     * are printed on {@code warnings}. A {@code throwAway} cache (a one-shot run's) gets the jars
     * of bundles/ by reference: copying them into a cache that lives a second, and deleting them
     * again, cost a one-shot run more than a third of its time.
     */
    static Platform start(Home home, Settings settings, Path storage, boolean interactive, boolean throwAway, PrintStream warnings)
            throws BundleException, IOException {
        StrictModes.check(home);
        Map<String, String> config = new HashMap<>(settings.framework());
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        if (throwAway) {
            // a one-shot command does what it is asked and no more: start-up reconcile only reports
            // (vif:repair repairs), unless etc/org.jvif.registry.cfg or jvif.properties says otherwise
            config.putIfAbsent("org.jvif.registry.reconcile_on_start", "report");
        }
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path (lib/)"));
        Framework framework = factory.newFramework(config);
        framework.start();
        Platform platform = new Platform(framework, settings);
        try {
            platform.installAndStart(home, interactive, throwAway, warnings);
        } catch (BundleException | IOException | RuntimeException e) {
            platform.stop(settings.stopTimeout());
            throw e;
        }
        return platform;
    }

    private void installAndStart(Home home, boolean interactive, boolean byReference, PrintStream warnings) throws BundleException, IOException {
        BundleContext ctx = framework.getBundleContext();
        BundleListener bundles = e -> signal();
        ServiceListener services = e -> {
            if (e.getType() == ServiceEvent.REGISTERED) {
                signal();
            }
        };
        ctx.addBundleListener(bundles);
        ctx.addServiceListener(services);

        List<Path> jars = new ArrayList<>(jars(home.bundles()));
        if (interactive) {
            jars.addAll(jars(home.interactiveBundles()));
        }
        jars.addAll(fleetBundles(home, byReference));
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            if (!isBundle(jar)) {
                warnings.println("jvif: warning: " + home.root().relativize(jar) + " is not an OSGi bundle; skipped");
                continue;
            }
            installed.add(ctx.installBundle((byReference ? "reference:" : "") + jar.toUri()));
        }
        framework.adapt(FrameworkWiring.class).resolveBundles(installed);
        // FileInstall last: its first scan of deploy/ and etc/ runs inside its start, against a
        // platform whose Config Admin and bundles are already up; the shell comes after readiness
        installed.sort(Comparator.comparingInt(b -> FILEINSTALL.equals(b.getSymbolicName()) ? 1 : 0));
        for (Bundle b : installed) {
            if (isFragment(b) || GOGO_SHELL.equals(b.getSymbolicName()) || skipped(b)) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException | RuntimeException e) {
                failed.put(b, Outcome.oneLine(e));
                warnings.println("jvif: warning: bundle " + b.getSymbolicName() + " did not start: " + Outcome.oneLine(e));
            }
        }
        GogoConsole.offerBundleConverter(ctx);
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

    /** A bundle the settings leave installed but stopped ({@value #SKIP_BUNDLES}). */
    private boolean skipped(Bundle b) {
        return List.of(settings.framework().getOrDefault(SKIP_BUNDLES, "").split(",")).contains(b.getSymbolicName());
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

    /** Starts the interactive Gogo shell, once the platform is ready (so its commands are there). */
    void startShell() throws BundleException {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (GOGO_SHELL.equals(b.getSymbolicName())) {
                b.start();
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
