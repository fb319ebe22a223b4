import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the launcher (run as a single-file program, {@code java StoreJars.java DIR...}): rewrites every
 * jar under the given folders with its entries stored, not deflated, in the same order, with the same names,
 * times and contents. Each class a platform loads from a bundle is read from its jar (the JVM checks the bytes
 * of an archived class against the class-data-sharing archive), and inflating them was about a twentieth of a
 * one-shot run's main thread; a stored entry is read as it is.
 */
public final class StoreJars {

    public static void main(String[] args) throws IOException {
        for (String dir : args) {
            List<Path> jars;
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                jars = s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
            }
            for (Path jar : jars) {
                store(jar);
            }
        }
    }

    /** Rewrites the jar unless every entry is stored already; its modification time stays. */
    private static void store(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".stored");
        try (ZipFile in = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> entries = in.stream().toList();
            if (entries.stream().allMatch(e -> e.getMethod() == ZipEntry.STORED)) {
                return;
            }
            try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(file)) {
                out.setMethod(ZipOutputStream.STORED);
                for (ZipEntry e : entries) {
                    byte[] data;
                    try (InputStream s = in.getInputStream(e)) {
                        data = s.readAllBytes();
                    }
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    ZipEntry stored = new ZipEntry(e.getName());
                    stored.setMethod(ZipEntry.STORED);
                    stored.setSize(data.length);
                    stored.setCompressedSize(data.length);
                    stored.setCrc(crc.getValue());
                    stored.setTime(e.getTime());
                    stored.setComment(e.getComment());
                    out.putNextEntry(stored);
                    out.write(data);
                    out.closeEntry();
                }
            }
        }
        FileTime modified = Files.getLastModifiedTime(jar);
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(jar, modified);
    }
}
