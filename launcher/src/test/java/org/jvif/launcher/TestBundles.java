package org.jvif.launcher;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jvif.launcher.itbundle.Activator;
import org.jvif.launcher.itbundle.Commands;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleActivator;

/** Builds the test command bundle (package org.jvif.launcher.itbundle) with bnd, on the fly. */
public final class TestBundles {

    public static final String SYMBOLIC_NAME = "org.jvif.launcher.itbundle";
    /** The service the test bundle registers. */
    public static final String SERVICE = Commands.class.getName();

    private TestBundles() {
    }

    /** Writes the test bundle at the given version to {@code target} (written whole, then moved in place). */
    public static Path build(String version, Path target) throws Exception {
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", SYMBOLIC_NAME);
            b.setProperty("Bundle-Version", version);
            b.setProperty("Bundle-Activator", Activator.class.getName());
            b.setProperty("Private-Package", Activator.class.getPackageName());
            b.setProperty("-noextraheaders", "true");
            b.addClasspath(codeSource(Activator.class));
            b.addClasspath(codeSource(BundleActivator.class));
            b.addClasspath(codeSource(Function.class));
            Jar jar = b.build();
            if (!b.getErrors().isEmpty()) {
                throw new IllegalStateException("bnd: " + b.getErrors());
            }
            Path tmp = Files.createTempFile(target.getParent(), ".bundle", ".tmp");
            jar.write(tmp.toFile());
            // bnd dates the file like its newest class; FileInstall sees a change by name, size and
            // modification time only, so a rebuilt jar of the same size must look new, as a copy would
            Files.setLastModifiedTime(tmp, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            return Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static File codeSource(Class<?> c) throws URISyntaxException {
        return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
