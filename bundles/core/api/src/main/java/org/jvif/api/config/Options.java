package org.jvif.api.config;

import java.lang.reflect.Method;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jvif.api.VifPlugin;

/**
 * A PID's Config Admin properties, read against its {@code @ObjectClassDefinition}: the option names are
 * the annotation's methods mapped as DS maps them ({@code network__device__mtu} is {@code network_device_mtu}),
 * a key that is absent gives the method's default, so each option's name and default are spelled once, in
 * the annotation. A key that is no option of the PID (the framework's own aside: {@code service.*},
 * {@code component.*}, {@code felix.*}, DS's, Karaf's feature key) and a bad value are problems naming the key and
 * the value; a configuration with any problem is refused whole.
 */
public class Options {
    /** What Karaf's feature installer adds to the configurations it makes. */
    private static final String KARAF_FEATURE_KEY = "org.apache.karaf.features.configKey";

    private final String pid;
    private final Map<String, ?> properties;
    private final Map<String, Method> options = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();

    /**
     * What is wrong with one key.
     *
     * @param unknown the key is no option of the PID
     */
    public record Problem(String key, Object value, String reason, boolean unknown) {
        @Override
        public String toString() {
            return (unknown ? "unknown " : "invalid ") + key + " " + quote(value) + ": " + reason;
        }
    }

    /**
     * @param ocd the PID's {@code @ObjectClassDefinition} annotation type, whose methods are its options
     * @param properties as Config Admin gives them; null for none
     */
    public Options(String pid, Class<?> ocd, Map<String, ?> properties) {
        this.pid = pid;
        this.properties = properties == null ? Map.of() : properties;
        for (Method m : ocd.getDeclaredMethods()) {
            options.put(key(m), m);
        }
        new TreeMap<>(this.properties).forEach((key, value) -> {
            if (!options.containsKey(key) && !isFrameworks(key)) {
                problems.add(new Problem(key, value, "not an option of " + pid + " (options: "
                        + String.join(", ", options.keySet()) + ")", true));
            }
        });
    }

    /** DS's mapping of an annotation method to a property name: "__" is "_", "$" is dropped. */
    public static String key(Method m) {
        return m.getName().replace("__", "\u0000").replace("_", ".").replace("\u0000", "_").replace("$", "");
    }

    /**
     * Keys the framework puts beside the options: Config Admin's, DS's (with its {@code osgi.ds.*} condition
     * and the component's own {@value VifPlugin#PLUGIN_NAME}), FileInstall's and Karaf's; never refused.
     */
    static boolean isFrameworks(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
                || key.startsWith("osgi.ds.") || key.equals(VifPlugin.PLUGIN_NAME) || key.equals(KARAF_FEATURE_KEY);
    }

    public String pid() {
        return pid;
    }

    /** An integer in {@code [min, max]}, given as a number or as decimal text. */
    public int integer(String key, int min, int max) {
        Object value = value(key);
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = ((Number) value).longValue();
        } else if (value instanceof String text) {
            try {
                number = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return refuse(key, value, "not an integer", (Integer) defaultOf(key));
            }
        } else {
            return refuse(key, value, "not an integer", (Integer) defaultOf(key));
        }
        if (number < min || number > max) {
            return refuse(key, value, "must be " + min + ".." + max, (Integer) defaultOf(key));
        }
        return (int) number;
    }

    /** A boolean, given as one or as the text true or false. */
    public boolean bool(String key) {
        Object value = value(key);
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
        return refuse(key, value, "not true or false", (Boolean) defaultOf(key));
    }

    /** Text, trimmed. */
    public String text(String key) {
        Object value = value(key);
        return value instanceof String text ? text.trim() : refuse(key, value, "not text", (String) defaultOf(key));
    }

    /** One of {@code choices}. */
    public String oneOf(String key, List<String> choices) {
        String text = text(key);
        return choices.contains(text) ? text : refuse(key, text, "must be one of " + choices, text);
    }

    /** An absolute path, normalized; null when empty and not {@code required}. */
    public Path absolutePath(String key, boolean required) {
        String text = text(key);
        String fallback = (String) defaultOf(key);
        Path instead = fallback.isEmpty() ? null : Path.of(fallback);
        if (text.isEmpty()) {
            return required ? refuse(key, text, "a path is required", instead) : null;
        }
        try {
            Path path = Path.of(text);
            return path.isAbsolute() ? path.normalize() : refuse(key, text, "not an absolute path", instead);
        } catch (InvalidPathException e) {
            return refuse(key, text, e.getReason(), instead);
        }
    }

    /** Records a problem found by the backend's own check of an option. */
    public <T> T refuse(String key, Object value, String reason, T instead) {
        problems.add(new Problem(key, value, reason, false));
        return instead;
    }

    /** The problems met so far, e.g. {@code invalid network_device_mtu "abc": not an integer}. */
    public List<String> problems() {
        return problems.stream().map(Problem::toString).toList();
    }

    /** The problems met so far, key by key. */
    public List<Problem> problemsByKey() {
        return List.copyOf(problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** The value given for {@code key}, else its default. */
    private Object value(String key) {
        Object value = properties.get(key);
        return value != null ? value : defaultOf(key);
    }

    /** The annotation's default; what a bad value reads as, for a configuration that is refused anyway. */
    private Object defaultOf(String key) {
        Method m = options.get(key);
        if (m == null) {
            throw new IllegalArgumentException(key + " is not an option of " + pid + " " + options.keySet());
        }
        return m.getDefaultValue();
    }

    static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}
