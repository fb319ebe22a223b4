package org.jvif.host.netlink.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * iproute2 as the independent witness of kernel state, {@code ip -n NS -d -j link show} (tests only; product
 * code never runs ip). Published in this module's test-jar for every module whose tests check the kernel.
 */
public final class IpWitness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IpWitness() {
    }

    /** {@code ip -n NS -d -j link show}; a null namespace means the root one. */
    public static List<JsonNode> links(String namespace) {
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

    public static Optional<JsonNode> link(String namespace, String name) {
        return links(namespace).stream().filter(l -> l.path("ifname").asText().equals(name)).findFirst();
    }

    public static JsonNode require(String namespace, String name) {
        return link(namespace, name).orElseThrow(() -> new AssertionError(name + " not seen by ip in " + namespace));
    }

    public static boolean hasFlag(JsonNode link, String flag) {
        for (JsonNode f : link.path("flags")) {
            if (f.asText().equals(flag)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isUp(JsonNode link) {
        return hasFlag(link, "UP");
    }

    /** {@code linkinfo.info_kind}: bridge, veth, tun, macvtap... */
    public static String kind(JsonNode link) {
        return link.path("linkinfo").path("info_kind").asText();
    }

    /** {@code linkinfo.info_data}: the kind's own attributes. */
    public static JsonNode data(JsonNode link) {
        return link.path("linkinfo").path("info_data");
    }

    /**
     * What a plug may change, link by link: name, kind, MTU, up, master, MAC. Two equal states mean the
     * host was left as it was found.
     */
    public static String state(String namespace) {
        TreeMap<String, String> state = new TreeMap<>();
        for (JsonNode l : links(namespace)) {
            state.put(l.path("ifname").asText(), kind(l) + " mtu=" + l.path("mtu").asInt() + " up=" + isUp(l)
                    + " master=" + l.path("master").asText("-") + " address=" + l.path("address").asText());
        }
        return state.toString();
    }

    /** Reads a file as seen from inside the namespace ({@code ip netns exec NS cat FILE}). */
    public static String catInside(String namespace, String file) {
        return run(List.of("ip", "netns", "exec", namespace, "cat", file)).trim();
    }

    /** A sysctl as seen inside the namespace, e.g. {@code net/ipv6/conf/br0/disable_ipv6}. */
    public static String sysctl(String namespace, String path) {
        return catInside(namespace, "/proc/sys/" + path);
    }

    public static List<String> namespaces() {
        return List.of(run(List.of("ip", "netns", "list")).split("\n")).stream()
                .map(line -> line.split(" ")[0]).filter(s -> !s.isEmpty()).toList();
    }

    public static String run(String... command) {
        return run(List.of(command));
    }

    /** Runs {@code command}, its output; fails the test when it fails. */
    public static String run(List<String> command) {
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
