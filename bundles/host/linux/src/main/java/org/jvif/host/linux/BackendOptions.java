package org.jvif.host.linux;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jvif.host.netlink.ValidNames;

/**
 * A backend's Config Admin properties, read key by key. A key that is absent gives its default. A bad
 * value gives the default as well and is recorded as a problem naming the key, so the backend can fall
 * back key by key when it activates ({@link #reportFallbacks}) and refuse a whole update while it runs
 * ({@link #reportRefusal}).
 */
public final class BackendOptions {
    /** The option of every Linux backend: a namespace under /run/netns, empty for the platform's own. */
    public static final String NETWORK_NAMESPACE = "network_namespace";

    private final String pid;
    private final Map<String, ?> properties;
    private final List<Problem> problems = new ArrayList<>();

    private record Problem(String key, Object value, String reason, Object defaultValue) {
        @Override
        public String toString() {
            return "invalid " + key + " " + (value instanceof String ? "\"" + value + "\"" : value) + ": " + reason;
        }
    }

    public BackendOptions(String pid, Map<String, ?> properties) {
        this.pid = pid;
        this.properties = properties == null ? Map.of() : properties;
    }

    /** An integer in {@code [min, max]}, given as a number or as decimal text. */
    public int integer(String key, int defaultValue, int min, int max) {
        Object value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = ((Number) value).longValue();
        } else if (value instanceof String text) {
            try {
                number = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return refuse(key, value, "not an integer", defaultValue);
            }
        } else {
            return refuse(key, value, "not an integer", defaultValue);
        }
        if (number < min || number > max) {
            return refuse(key, value, "must be " + min + ".." + max, defaultValue);
        }
        return (int) number;
    }

    /** A boolean, given as one or as the text true or false. */
    public boolean bool(String key, boolean defaultValue) {
        Object value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String text) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    break;
            }
        }
        return refuse(key, value, "not true or false", defaultValue);
    }

    /** An interface name, or "" (the default) when absent or empty. */
    public String interfaceName(String key) {
        String text = text(key, "");
        if (text.isEmpty()) {
            return "";
        }
        String problem = ValidNames.interfaceProblem(text);
        return problem == null ? text : refuse(key, text, problem, "");
    }

    /**
     * {@value #NETWORK_NAMESPACE}: a name under /run/netns, or "" (the default) for the platform's own. A
     * bad name never falls back to the platform's own namespace (a typo must not plug into the host): it
     * is kept, so every plug fails naming the key until the configuration is fixed.
     */
    public String networkNamespace() {
        Object value = properties.get(NETWORK_NAMESPACE);
        String text = value == null ? "" : String.valueOf(value);
        if (text.isEmpty()) {
            return "";
        }
        String problem = value instanceof String ? ValidNames.namespaceProblem(text) : "not text";
        return problem == null ? text : refuse(NETWORK_NAMESPACE, value, problem, text);
    }

    /** An absolute path, normalized. */
    public Path absolutePath(String key, String defaultValue) {
        Path fallback = Path.of(defaultValue);
        String text = text(key, defaultValue);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            Path path = Path.of(text);
            return path.isAbsolute() ? path.normalize() : refuse(key, text, "not an absolute path", fallback);
        } catch (InvalidPathException e) {
            return refuse(key, text, e.getReason(), fallback);
        }
    }

    /** The problems met so far, e.g. {@code invalid network_device_mtu "abc": not an integer}. */
    public List<String> problems() {
        return problems.stream().map(Problem::toString).toList();
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** At activation: each bad key falls back to its default; logs that, naming the PID and key. */
    public void reportFallbacks(Logger log) {
        for (Problem p : problems) {
            log.log(Level.WARNING, pid + ": " + p + (NETWORK_NAMESPACE.equals(p.key())
                    ? "; plugs fail until it is fixed"
                    : "; using the default "
                            + (p.defaultValue() instanceof String ? "\"" + p.defaultValue() + "\"" : p.defaultValue())));
        }
    }

    /** While running: the whole update is refused; logs each bad key, naming the PID and key. */
    public void reportRefusal(Logger log) {
        for (Problem p : problems) {
            log.log(Level.WARNING, pid + ": " + p + "; keeping the previous configuration");
        }
    }

    /** A String value; anything else is a problem and gives the default. */
    private String text(String key, String defaultValue) {
        Object value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        return value instanceof String text ? text : refuse(key, value, "not text", defaultValue);
    }

    private <T> T refuse(String key, Object value, String reason, T defaultValue) {
        problems.add(new Problem(key, value, reason, defaultValue));
        return defaultValue;
    }
}
