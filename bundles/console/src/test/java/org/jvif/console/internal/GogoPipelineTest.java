package org.jvif.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.felix.service.command.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvif.api.model.Network;
import org.jvif.api.model.VIFBase;

/** The vif: commands in a real Gogo shell: they read and write their place in a pipeline, not the terminal. */
class GogoPipelineTest {
    private GogoShell shell;

    @BeforeEach
    void shell() {
        shell = new GogoShell(GogoCommands.functions(new VifConsole(new BareOsVif(), null)));
        // "count WORD": how many lines of its input hold WORD (grep -c)
        shell.processor.addCommand("test", (Function) (s, args) -> {
            BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return r.lines().filter(l -> l.contains(String.valueOf(args.get(0)))).count();
        }, "count");
        // "feed FILE": the file's bytes on its output (cat)
        shell.processor.addCommand("test", (Function) (s, args) -> {
            System.out.write(Files.readAllBytes(Path.of(String.valueOf(args.get(0)))));
            System.out.flush();
            return null;
        }, "feed");
    }

    @AfterEach
    void close() {
        shell.close();
    }

    private String run(String line) throws Exception {
        return shell.run(line);
    }

    @Test
    void aTablePipedIntoAnotherCommandIsItsInput() throws Exception {
        // BareOsVif has one VIF type: VIFBase
        assertEquals("1", run("vif:types | test:count VIF"));
    }

    @Test
    void objectsReadsThePipe(@TempDir Path dir) throws Exception {
        Path lines = Files.writeString(dir.resolve("lines.jsonl"), new Network().toJson() + "\nnot json\n");
        String out = run("test:feed " + lines + " | vif:objects");
        assertEquals("{\"primitive\": " + new Network().toJson() + "}\n"
                + "{\"error\": {\"type\": \"JSONDecodeError\", \"message\": \"Expecting value: line 1 column 1 (char 0)\"}}\n",
                out);
    }

    @Test
    void plugDashReadsThePipe(@TempDir Path dir) throws Exception {
        VIFBase vif = new VIFBase();
        vif.setId("8b2c8a3e-5a6b-4b0e-9a55-0f0c2c1f0a11");
        vif.setPlugin("nothing");
        Path file = Files.writeString(dir.resolve("vif.json"), vif.toJson());
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> run("test:feed " + file + " | vif:plug - --instance-uuid u"));
        // read from the pipe: the VIF got as far as the registry (from the empty keyboard it would be a JSON error)
        assertEquals("NoMatchingPlugin: No VIF plugin was found with the name nothing", e.getMessage());
    }
}
