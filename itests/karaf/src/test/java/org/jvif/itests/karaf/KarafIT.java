package org.jvif.itests.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What an OpenDaylight user does, on a real Apache Karaf minimal with its default settings, offline: the
 * features repository added, {@code feature:install jvif} with Karaf's default auto-refresh, Karaf
 * restarted once, the vif: commands run through Karaf's own client, as the README writes them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("jvif.examples"));
    private static Karaf karaf;
    /** Files the console reads (Karaf runs here, so absolute paths of this machine). */
    private static Path files;

    @BeforeAll
    static void boot() throws Exception {
        karaf = new Karaf(Path.of(System.getProperty("karaf.minimal.home")));
        karaf.copyKarRepository();
        files = Files.createDirectories(karaf.home.resolve("jvif-it"));
        karaf.start();
        karaf.awaitOutput("feature:repo-list", "jvif-" + Karaf.VERSION,
                () -> karaf.client("feature:repo-add mvn:org.jvif/jvif-features/" + Karaf.VERSION + "/xml/features"));
        // once, with the default auto-refresh: it must neither need nor do a refresh of what runs (a refresh
        // of Karaf's logging, shell and ssh would drop this very session mid-install)
        String installed = karaf.client("feature:install jvif");
        assertFalse(installed.contains("Error") || installed.contains("Exception"), installed);
        assertTrue(karaf.client("feature:list -i").contains("\njvif "), "jvif is not installed: " + installed);
        assertFalse(karaf.log().contains("Refreshing bundles"), "the install refreshed bundles; see "
                + karaf.home.resolve("data/log/karaf.log"));
        karaf.awaitOutput("vif:types", "VIFPortProfileOpenVSwitch", () -> "");
        // and it all comes back after a restart of Karaf
        karaf.stop();
        karaf.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (karaf != null) {
            karaf.stop();
        }
    }

    @Test
    @Order(1)
    void everyBundleIsActiveAfterTheRestart() throws Exception {
        karaf.assertEveryBundleActive();
    }

    @Test
    @Order(2)
    void hostInfoShowsTheBackends() throws Exception {
        String out = karaf.awaitOutput("vif:host-info", "VIFVHostUser", () -> "");
        assertTrue(out.contains("noop"), out);
        for (String backend : List.of("linux_bridge", "tap", "macvtap")) {
            assertTrue(out.contains(backend), backend + " in " + out);
        }
        String json = karaf.client("vif:host-info --json");
        assertTrue(json.contains("\"versioned_object.name\": \"HostInfo\""), json);
    }

    @Test
    @Order(3)
    void everyObjectTypeIsInstalled() throws Exception {
        karaf.assertEveryObjectType();
    }

    /** The noop example (os-vif's primitive of a VIFVHostUser) as a file, with its own id and {@code vif_name}. */
    private static String noopVif(String fileName, String id, String vifNameJson) throws Exception {
        String text = Files.readString(EXAMPLES.resolve("noop-vhostuser.json"))
                .replace("\"b8a9a7a0-0001-4a7e-9f0e-000000000001\"", "\"" + id + "\"")
                .replace("\"vif_name\": \"vhu-demo-noop\"", "\"vif_name\": \"" + vifNameJson + "\"");
        assertTrue(text.contains(id) && text.contains(vifNameJson), text);
        return Files.writeString(files.resolve(fileName), text).toString();
    }

    private static void assertNoError(String out) {
        assertFalse(out.contains("Error") || out.contains("Exception") || out.contains("not found"), out);
    }

    /** {@code cat lines.jsonl | vif:objects}: the command reads the pipe, one answer a line, in order. */
    @Test
    @Order(4)
    void objectsReadsThePipe() throws Exception {
        // one primitive on one line (JSON text may lose its newlines), then a line that is no JSON
        String primitive = String.join(" ", Files.readAllLines(EXAMPLES.resolve("noop-vhostuser.json")));
        Path lines = Files.writeString(files.resolve("lines.jsonl"), primitive + "\nnot json\n");
        String out = karaf.client("cat " + lines + " | vif:objects");
        List<String> answers = out.lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(2, answers.size(), out);
        assertTrue(answers.get(0).startsWith("{\"primitive\": {\"versioned_object.name\": \"VIFVHostUser\""), out);
        assertEquals("{\"error\": {\"type\": \"JSONDecodeError\", \"message\": \"Expecting value: line 1 column 1 (char 0)\"}}",
                answers.get(1), out);
    }

    /**
     * {@code vif:types | grep VIF}: the table is grep's input, not the terminal's. Counted with {@code wc -l}:
     * Karaf 4.4.8's {@code grep -c} prints 0 whatever its input ({@code echo VIF | grep -c VIF} too).
     */
    @Test
    @Order(5)
    void aTablePipedIntoGrepIsItsInput() throws Exception {
        long rows = karaf.client("vif:types").lines().filter(l -> l.contains("VIF")).count();
        assertTrue(rows > 10, "rows with VIF: " + rows);
        List<String> grepped = karaf.client("vif:types | grep VIF").lines().filter(l -> l.contains("|")).toList();
        assertEquals(rows, grepped.size(), String.join("\n", grepped));
        assertTrue(grepped.stream().allMatch(l -> l.contains("VIF")), String.join("\n", grepped));
        assertEquals(Long.toString(rows), karaf.client("vif:types | grep VIF | wc -l").lines()
                .filter(l -> l.matches("\\s*\\d+\\s*")).map(String::trim).findFirst().orElse("none"));
    }

    /** {@code vif:plug FILE --instance FILE} (options after the file) and {@code cat FILE | vif:plug - ...}. */
    @Test
    @Order(6)
    void plugTakesFilesAsTheReadmeWritesThem() throws Exception {
        String instance = EXAMPLES.resolve("instance.json").toString();
        String id = UUID.randomUUID().toString();
        String out = karaf.client("vif:plug " + noopVif("plug.json", id, "vhu-file") + " --instance " + instance);
        assertNoError(out);
        assertTrue(out.contains("Plugged"), out);
        String piped = UUID.randomUUID().toString();
        out = karaf.client("cat " + noopVif("piped.json", piped, "vhu-piped") + " | vif:plug - --instance " + instance);
        assertNoError(out);
        assertTrue(out.contains("Plugged"), out);
        String list = karaf.client("vif:list");
        for (String vif : List.of(id, piped)) {
            assertTrue(list.lines().anyMatch(l -> l.contains(vif) && l.contains("PLUGGED")), vif + " in " + list);
        }
    }

    /** A name that would drive the terminal (an escape sequence, a newline faking a row) is listed escaped. */
    @Test
    @Order(7)
    void listEscapesNames() throws Exception {
        String id = UUID.randomUUID().toString();
        String out = karaf.client("vif:plug " + noopVif("escaped.json", id, "vhu\\u001b[31mred\\nrow")
                + " --instance " + EXAMPLES.resolve("instance.json"));
        assertNoError(out);
        String raw = karaf.rawClient("vif:list");
        String row = raw.lines().filter(l -> l.contains(id)).findFirst().orElseThrow(() -> new AssertionError(raw));
        assertTrue(row.contains("vhu\\x1b[31mred\\nrow"), row);
        assertFalse(raw.contains("\u001b[31mred"), raw);
        assertFalse(raw.lines().anyMatch(l -> l.startsWith("row")), raw);
    }

    /** Tab at a terminal completes a file argument of vif:plug, through Karaf's own line editor. */
    @Test
    @Order(8)
    void fileArgumentsCompleteWithTab() throws Exception {
        // a short path, so the completed line fits the terminal's 80 columns unwrapped
        Path dir = Files.createTempDirectory("jvif");
        try {
            Files.writeString(dir.resolve("only-one-vif.json"), "{}");
            String shown = karaf.typeAtTerminal("vif:plug " + dir + "/only-o\t", "only-one-vif.json");
            assertTrue(shown.replaceAll("\u001B\\[[;?\\d]*[A-Za-z]", "").contains(dir + "/only-one-vif.json"), shown);
        } finally {
            Files.delete(dir.resolve("only-one-vif.json"));
            Files.delete(dir);
        }
    }

    /** Tab completes a VIF id from the record (vif:show's argument, as vif:check's and vif:repair's). */
    @Test
    @Order(9)
    void vifIdsCompleteWithTab() throws Exception {
        String id = "abcdef12-0000-4000-8000-" + UUID.randomUUID().toString().substring(24);
        assertNoError(karaf.client("vif:plug " + noopVif("complete.json", id, "vhu-complete")
                + " --instance " + EXAMPLES.resolve("instance.json")));
        String shown = karaf.typeAtTerminal("vif:show abcdef12-00\t", id);
        assertTrue(shown.replaceAll("\u001B\\[[;?\\d]*[A-Za-z]", "").contains(id), shown);
    }

    /**
     * A backend stopped while its OVSDB client keeps reconnecting leaves no thread behind: restarted, only the
     * new client's threads run; jvif uninstalled, none of its threads does. Last: it uninstalls jvif.
     */
    @Test
    @Order(10)
    void stoppedBundlesLeaveNoThreads() throws Exception {
        karaf.awaitThreads("the backend's client reconnecting", t -> t.stream().anyMatch(n -> n.startsWith("ovsdb-io ")));
        karaf.client("bundle:restart org.jvif.backend.ovs");
        karaf.awaitThreads("the restarted backend's client alone", t -> t.stream()
                .filter(n -> n.startsWith("ovsdb-io ")).count() == 1);
        karaf.client("bundle:stop org.jvif.backend.ovs");
        karaf.awaitThreads("no OVSDB client once the backend stopped", t -> t.stream().noneMatch(n -> n.startsWith("ovsdb-")));
        karaf.client("bundle:start org.jvif.backend.ovs");
        karaf.awaitThreads("the started backend's client reconnecting", t -> t.stream().anyMatch(n -> n.startsWith("ovsdb-io ")));
        karaf.client("feature:uninstall jvif");
        karaf.awaitThreads("no jvif thread once jvif is uninstalled", List::isEmpty);
        assertFalse(karaf.client("bundle:list -t 0").contains("| jvif "), "jvif bundles left after feature:uninstall jvif");
    }
}
