package org.jvif.backend.ovs.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jvif.api.OwnerMark;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkManager;

/**
 * A {@link LinkManager} that touches no kernel: it records each call as a line ({@code setMtu tap1 1450}) and
 * answers from a set of devices said to exist (down, unmarked or marked as a VIF's), so a plan's kernel steps can be run and read.
 */
final class RecordingLinks {
    final List<String> calls = new ArrayList<>();
    /** devices said to exist, with the VIF each is marked as (empty: unmarked). */
    private final Map<String, Optional<String>> existing = new HashMap<>();
    final LinkManager links = (LinkManager) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {LinkManager.class}, (proxy, method, args) -> {
                String name = method.getName();
                Object first = args == null ? null : args[0];
                switch (name) {
                    case "exists":
                        return existing.containsKey(first);
                    case "link":
                        return first instanceof String s && existing.containsKey(s) ? Optional.of(link(s)) : Optional.empty();
                    case "links":
                        return List.of();
                    case "sysctls":
                        return Map.of();
                    default:
                        break;
                }
                calls.add(name + (args == null ? "" : Arrays.stream(args).map(String::valueOf)
                        .collect(Collectors.joining(" ", " ", ""))));
                return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
            });

    RecordingLinks existing(String... names) {
        for (String n : names) {
            existing.put(n, Optional.empty());
        }
        return this;
    }

    /** A device that exists marked as {@code vifId}'s (its alias). */
    RecordingLinks marked(String name, String vifId) {
        existing.put(name, Optional.of(OwnerMark.alias(vifId)));
        return this;
    }

    private Link link(String name) {
        return new Link(name, 7, "veth", 0, 1500, Optional.empty(), 0, Optional.empty(), 0, Optional.empty(),
                Optional.empty(), Optional.empty(), existing.get(name));
    }

    /** The calls {@code steps} make, run as a plug runs them. */
    List<String> run(List<java.util.function.Consumer<KernelDevices>> steps, String vifId) {
        calls.clear();
        KernelDevices d = new KernelDevices(links, vifId);
        steps.forEach(s -> s.accept(d));
        return List.copyOf(calls);
    }
}
