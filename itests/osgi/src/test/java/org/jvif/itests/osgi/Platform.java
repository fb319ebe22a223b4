package org.jvif.itests.osgi;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jvif.api.object.Json;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** What the Pax Exam tests share: the platform they boot, os-vif's corpus, and waiting for SCR. */
final class Platform {
    private static Map<String, Map<String, Object>> corpus;

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
    @SuppressWarnings("unchecked")
    static synchronized Map<String, Map<String, Object>> corpus() throws IOException {
        if (corpus != null) {
            return corpus;
        }
        Path visible = corpusDir().resolve("visible.jsonl");
        assertTrue("os-vif corpus not found at " + visible, Files.isReadable(visible));
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        for (String line : Files.readAllLines(visible)) {
            Map<String, Object> c = (Map<String, Object>) Json.parse(line);
            cases.put((String) c.get("name"), (Map<String, Object>) c.get("primitive"));
        }
        assertNotNull(cases.get("VIFVHostUser/full-ipv4"));
        corpus = cases;
        return cases;
    }

    /** {@code -Djvif.corpus=DIR}, else the project's {@code itests/corpus} above the working directory. */
    private static Path corpusDir() {
        String given = System.getProperty("jvif.corpus");
        if (given != null && !given.isEmpty()) {
            return Path.of(given);
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isReadable(p.resolve("itests/corpus/visible.jsonl"))) {
                return p.resolve("itests/corpus");
            }
        }
        throw new AssertionError("os-vif corpus not found: no itests/corpus above " + start + "; set -Djvif.corpus=DIR");
    }
}
