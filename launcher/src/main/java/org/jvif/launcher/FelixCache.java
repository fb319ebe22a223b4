package org.jvif.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Felix cache kept from one run to the next: installing the platform's bundles into a fresh cache
 * (a folder and files per bundle, the jars copied for the daemon) and deleting it again cost a
 * one-shot command a third of its time. A cache is taken again only when it was built from exactly
 * what the run would build it from (its key: the JVM, lib/, the framework properties and every jar
 * of bundles/, by name, size and modification time); otherwise it is built anew.
 *
 * <p>Nothing else outlives a run in it: Config Admin keeps configurations in memory only (the files
 * in etc/ are the configuration), the launcher starts bundles transiently (so the framework starts
 * none of them by itself, and FileInstall still comes last), and a kept cache loses, before the
 * framework starts, every bundle that bundles/ did not bring (deploy/ is installed by FileInstall's
 * first scan, with the ids a fresh cache gives them), any persistent start a console command
 * recorded, and the bundles' data areas.
 */
final class FelixCache {

    /** The key of a complete cache, in its folder; written once every bundle is installed. */
    static final String KEY_FILE = "jvif-cache.key";
    private static final String LAST_ID = "last-bundle-id ";
    private static final String NOT_A_BUNDLE = "not-a-bundle ";
    /** SCR's file of parsed component descriptions in its data area. */
    static final String SCR_METADATA = "componentMetadataStore";
    private static final Pattern BUNDLE_DIR = Pattern.compile("bundle(\\d{1,18})");

    private FelixCache() {
    }

    /** What a cache built now from these would be built from. */
    static String key(Home home, Map<String, String> framework, List<Path> jars, boolean byReference) throws IOException {
        StringBuilder key = new StringBuilder("jvif felix cache 1\n");
        key.append("java ").append(System.getProperty("java.home")).append(' ').append(System.getProperty("java.vm.version")).append('\n');
        key.append("by-reference ").append(byReference).append('\n');
        try (Stream<Path> lib = Files.list(home.root().resolve("lib"))) {
            for (Path jar : lib.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                key.append("lib ").append(stamp(jar)).append('\n');
            }
        }
        new TreeMap<>(framework).forEach((k, v) -> key.append("property ").append(escape(k)).append('=').append(escape(v)).append('\n'));
        for (Path jar : jars) {
            key.append("bundle ").append(stamp(jar)).append('\n');
        }
        return key.toString();
    }

    /**
     * What a complete cache was built with beside its key: the id of its last bundle, and the jars of
     * bundles/ that are no bundles (skipped, with a warning, on every run).
     */
    record Kept(long lastBundleId, List<String> notBundles) {
    }

    /** The cache in {@code storage}, when it is complete and was built from {@code key}; else empty (to be built anew). */
    static Optional<Kept> kept(Path storage, String key) throws IOException {
        String text;
        try {
            text = Files.readString(storage.resolve(KEY_FILE));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!text.startsWith(key)) {
            return Optional.empty();
        }
        List<String> notBundles = new ArrayList<>();
        for (String line : text.substring(key.length()).split("\n")) {
            if (line.startsWith(NOT_A_BUNDLE)) {
                notBundles.add(line.substring(NOT_A_BUNDLE.length()));
            } else if (line.matches(LAST_ID + "\\d{1,18}")) {
                return Optional.of(new Kept(Long.parseLong(line.substring(LAST_ID.length())), notBundles));
            } else {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Marks the cache complete, built from {@code key} (written aside and renamed: never half a key). */
    static void seal(Path storage, String key, Kept kept) throws IOException {
        StringBuilder text = new StringBuilder(key);
        kept.notBundles().forEach(name -> text.append(NOT_A_BUNDLE).append(name).append('\n'));
        text.append(LAST_ID).append(kept.lastBundleId()).append('\n');
        Path tmp = storage.resolve(KEY_FILE + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, storage.resolve(KEY_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes the cache in {@code storage} one to be built anew. */
    static void forget(Path storage) throws IOException {
        Files.deleteIfExists(storage.resolve(KEY_FILE));
    }

    /**
     * Before the framework loads a kept cache: the bundles installed after it was built (deploy/'s)
     * and every bundle's data area go, and bundle ids count on from the last bundle it was built with,
     * so that deploy/'s bundles get the ids a fresh cache gives them. Felix 7's layout: a folder
     * bundle{id} per bundle with its data area in data/, the next id in bundle0/bundle.id.
     */
    static void trim(Path storage, long lastBundleId) throws IOException {
        try (Stream<Path> entries = Files.list(storage)) {
            for (Path dir : entries.toList()) {
                Matcher m = BUNDLE_DIR.matcher(dir.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                if (Long.parseLong(m.group(1)) > lastBundleId) {
                    Main.deleteTree(dir);
                } else {
                    trimData(dir.resolve("data"));
                }
            }
        }
        Path nextId = storage.resolve("bundle0").resolve("bundle.id");
        String next = Long.toString(lastBundleId + 1);
        if (!Files.isRegularFile(nextId) || !Files.readString(nextId).strip().equals(next)) {
            Files.writeString(nextId, next);
        }
    }

    /**
     * Empties a bundle's data area, but for SCR's store of the component descriptions it parsed
     * ({@value #SCR_METADATA}, with {@code ds.cache.metadata}): derived from the bundles alone, and
     * checked by SCR against each bundle's last-modified time.
     */
    private static void trimData(Path data) throws IOException {
        if (!Files.isDirectory(data)) {
            return;
        }
        try (Stream<Path> entries = Files.list(data)) {
            for (Path p : entries.toList()) {
                if (!p.getFileName().toString().equals(SCR_METADATA) || !Files.isRegularFile(p)) {
                    Main.deleteTree(p);
                }
            }
        }
    }

    /** A jar's name as the key holds it. */
    static String name(Path jar) {
        return escape(jar.getFileName().toString());
    }

    private static String stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return name(file) + " " + a.size() + " " + a.lastModifiedTime().toMillis();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
