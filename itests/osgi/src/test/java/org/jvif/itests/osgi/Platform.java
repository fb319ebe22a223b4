package org.jvif.itests.osgi;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jvif.corpus.Corpus;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** What the Pax Exam tests share: the platform they boot, os-vif's corpus, and waiting for SCR. */
final class Platform {
    private Platform() {
    }

    /**
     * Felix with SCR and EventAdmin, the jvif bundles of the features {@code jvif-backend-noop} and
     * {@code jvif-core} as just built, then {@code more}.
     */
    static Option[] options(Option... more) {
        List<Option> options = new ArrayList<>(Arrays.asList(
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.eventadmin").versionAsInProject(),
                mavenBundle("com.h2database", "h2").versionAsInProject(),
                mavenBundle("org.slf4j", "slf4j-api").versionAsInProject(),
                mavenBundle("org.slf4j", "slf4j-jdk14").versionAsInProject().noStart(),
                junitBundles()));
        options.addAll(Arrays.asList(more));
        // the reactor's own jars, as just built (mavenBundle would want them installed in ~/.m2)
        for (File jar : FeatureBundles.of(new File(System.getProperty("jvif.bundles")), "jvif-backend-noop", "jvif-core")) {
            options.add(bundle(jar.toURI().toString()));
        }
        // the corpus loader, from the test class path
        options.add(bundle(Corpus.class.getProtectionDomain().getCodeSource().getLocation().toString()));
        return options.toArray(new Option[0]);
    }

    static Bundle installed(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
    }

    /** SCR reacts to bundle events on the thread that sends them; this only guards against a slower SCR. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        eventually(what, 5, condition);
    }

    /** For what arrives on another thread (Config Admin's): a bound, not a timing check. */
    static void eventually(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + seconds + " s");
            }
            Thread.sleep(10);
        }
    }

    /** os-vif's visible corpus: case name to primitive. */
    static Map<String, Map<String, Object>> corpus() {
        return Corpus.visible();
    }
}
