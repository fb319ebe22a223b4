package org.jvif.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * etc/jvif.properties: keys starting with {@code jvif.} tune the launcher, every other key is a
 * framework property handed to Felix. {@code ${name}} is replaced by another key of the file, a
 * system property, or {@code jvif.home}.
 */
record Settings(List<String> readyServices, Duration readyTimeout, Duration stopTimeout,
                AllowedCommands commands, int controlConnections, Duration controlTimeout,
                Map<String, String> framework) {

    static final String READY_SERVICES = "jvif.ready.services";
    static final String READY_TIMEOUT = "jvif.ready.timeout";
    static final String STOP_TIMEOUT = "jvif.stop.timeout";
    static final String COMMANDS = "jvif.commands";
    static final String CONTROL_CONNECTIONS = "jvif.control.connections";
    static final String CONTROL_TIMEOUT = "jvif.control.timeout";
    private static final List<String> KEYS = List.of(READY_SERVICES, READY_TIMEOUT, STOP_TIMEOUT, COMMANDS,
            CONTROL_CONNECTIONS, CONTROL_TIMEOUT, "jvif.home");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    static Settings load(Home home) throws IOException {
        Properties file = new Properties();
        try (Reader r = Files.newBufferedReader(home.settingsFile())) {
            file.load(r);
        } catch (NoSuchFileException e) {
            // no file: the defaults below
        }
        Map<String, String> raw = new HashMap<>();
        file.stringPropertyNames().forEach(k -> raw.put(k, file.getProperty(k).trim()));
        raw.put("jvif.home", home.root().toString());
        Map<String, String> all = new HashMap<>();
        raw.forEach((k, v) -> all.put(k, substitute(k, v, raw)));

        Map<String, String> framework = new HashMap<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            if (!e.getKey().startsWith("jvif.")) {
                framework.put(e.getKey(), e.getValue());
            } else if (!KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("etc/jvif.properties: unknown key " + e.getKey() + " (launcher keys: "
                        + String.join(", ", KEYS.subList(0, KEYS.size() - 1)) + ")");
            }
        }
        return new Settings(list(all, READY_SERVICES, "org.jvif.api.OsVif,org.jvif.fleet.Fleet"), seconds(all, READY_TIMEOUT, 10),
                seconds(all, STOP_TIMEOUT, 20), AllowedCommands.parse(COMMANDS, list(all, COMMANDS, AllowedCommands.DEFAULT)),
                count(all, CONTROL_CONNECTIONS, 16), seconds(all, CONTROL_TIMEOUT, 10), Map.copyOf(framework));
    }

    /** The same settings with other framework properties. */
    Settings withFramework(Map<String, String> properties) {
        return new Settings(readyServices, readyTimeout, stopTimeout, commands, controlConnections, controlTimeout,
                Map.copyOf(properties));
    }

    private static List<String> list(Map<String, String> all, String key, String fallback) {
        return Arrays.stream(all.getOrDefault(key, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static int count(Map<String, String> all, String key, int fallback) {
        String v = all.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("etc/jvif.properties: " + key + " must be a whole number >= 1, not '" + v + "'");
        }
    }

    /** "10 s", "0.5 s": a timeout as the settings file spells it. */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return (ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0)) + " s";
    }

    private static Duration seconds(Map<String, String> all, String key, long fallback) {
        String v = all.get(key);
        if (v == null || v.isEmpty()) {
            return Duration.ofSeconds(fallback);
        }
        try {
            double s = Double.parseDouble(v);
            if (s < 0 || Double.isNaN(s) || Double.isInfinite(s)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("etc/jvif.properties: " + key + " must be a number of seconds >= 0, not '" + v + "'");
        }
    }

    private static String substitute(String key, String value, Map<String, String> raw) {
        String v = value;
        for (int depth = 0; depth < 10; depth++) {
            Matcher m = VARIABLE.matcher(v);
            if (!m.find()) {
                return v;
            }
            StringBuilder sb = new StringBuilder();
            do {
                String name = m.group(1);
                String replacement = raw.containsKey(name) ? raw.get(name) : System.getProperty(name);
                if (replacement == null) {
                    throw new IllegalArgumentException("etc/jvif.properties: " + key + " refers to unknown ${" + name + "}");
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
            } while (m.find());
            m.appendTail(sb);
            v = sb.toString();
        }
        throw new IllegalArgumentException("etc/jvif.properties: " + key + " has circular ${...} references");
    }
}
