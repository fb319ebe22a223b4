package org.jvif.itests.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** iproute2 as the independent witness of kernel state: {@code ip -n NS -d -j link show} (tests only). */
final class Ip {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Ip() {
    }

    static List<JsonNode> links(String ns) {
        try {
            JsonNode all = JSON.readTree(run("ip", "-n", ns, "-d", "-j", "link", "show"));
            return StreamSupport.stream(all.spliterator(), false).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<JsonNode> link(String ns, String name) {
        return links(ns).stream().filter(l -> l.path("ifname").asText().equals(name)).findFirst();
    }

    static JsonNode require(String ns, String name) {
        return link(ns, name).orElseThrow(() -> new AssertionError("ip does not see " + name + " in " + ns));
    }

    static boolean isUp(JsonNode link) {
        return StreamSupport.stream(link.path("flags").spliterator(), false).anyMatch(f -> f.asText().equals("UP"));
    }

    static String kind(JsonNode link) {
        return link.path("linkinfo").path("info_kind").asText();
    }

    static JsonNode data(JsonNode link) {
        return link.path("linkinfo").path("info_data");
    }

    /**
     * What a plug may change, link by link: name, kind, MTU, up, master, MAC. Two equal states mean the
     * host was left as it was found.
     */
    static String state(String ns) {
        TreeMap<String, String> state = new TreeMap<>();
        for (JsonNode l : links(ns)) {
            state.put(l.path("ifname").asText(), kind(l) + " mtu=" + l.path("mtu").asInt() + " up=" + isUp(l)
                    + " master=" + l.path("master").asText("-") + " address=" + l.path("address").asText());
        }
        return state.toString();
    }

    /** A sysctl as seen inside the namespace. */
    static String sysctl(String ns, String path) {
        return run("ip", "netns", "exec", ns, "cat", "/proc/sys/" + path).trim();
    }

    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
