package org.jvif.host.netlink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** iproute2 as an independent witness of kernel state (tests only; product code never runs ip). */
final class IpWitness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IpWitness() {
    }

    /** {@code ip -n NS -d -j link show}; a null namespace means the root one. */
    static List<JsonNode> links(String namespace) {
        List<String> command = new ArrayList<>(List.of("ip"));
        if (namespace != null) {
            command.addAll(List.of("-n", namespace));
        }
        command.addAll(List.of("-d", "-j", "link", "show"));
        try {
            List<JsonNode> links = new ArrayList<>();
            JSON.readTree(run(command)).forEach(links::add);
            return links;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<JsonNode> link(String namespace, String name) {
        return links(namespace).stream().filter(l -> l.path("ifname").asText().equals(name)).findFirst();
    }

    static JsonNode require(String namespace, String name) {
        return link(namespace, name).orElseThrow(() -> new AssertionError(name + " not seen by ip in " + namespace));
    }

    static boolean hasFlag(JsonNode link, String flag) {
        for (JsonNode f : link.path("flags")) {
            if (f.asText().equals(flag)) {
                return true;
            }
        }
        return false;
    }

    /** Reads a file as seen from inside the namespace ({@code ip netns exec NS cat FILE}). */
    static String catInside(String namespace, String file) {
        return run(List.of("ip", "netns", "exec", namespace, "cat", file)).trim();
    }

    static List<String> namespaces() {
        return List.of(run(List.of("ip", "netns", "list")).split("\n")).stream()
                .map(line -> line.split(" ")[0]).filter(s -> !s.isEmpty()).toList();
    }

    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(command + " failed: " + output);
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
