package io.sac4j.env;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to make an environment of a provider ({@link EnvProvider}): keyword arguments of the
 * environment's constructor (Gymnasium's {@code gym.make(id, **kwargs)}), the Python interpreter
 * that serves it and the address of a server already running. Built-in ids take none of them.
 *
 * @param kwargs keyword arguments, values {@code Boolean}, {@code Long}, {@code Double}, {@code String}
 *               or {@code null} (JSON scalars), in the order given
 * @param python the Python interpreter to start a server with; empty: the provider's default
 * @param server {@code HOST:PORT} of a server started by hand; empty: start one
 */
public record EnvOptions(Map<String, Object> kwargs, Optional<Path> python, Optional<String> server) {
    /** No options. */
    public static final EnvOptions NONE = new EnvOptions(Map.of(), Optional.empty(), Optional.empty());

    public EnvOptions {
        Objects.requireNonNull(python, "python");
        Objects.requireNonNull(server, "server");
        kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        for (Object v : kwargs.values()) {
            if (v != null && !(v instanceof Boolean) && !(v instanceof Long) && !(v instanceof Double)
                    && !(v instanceof String)) {
                throw new IllegalArgumentException("env kwargs take JSON scalars (Boolean, Long, Double, String,"
                        + " null), got " + v.getClass().getSimpleName());
            }
        }
    }

    /** Whether these are {@link #NONE}: what a built-in id requires. */
    public boolean isEmpty() {
        return kwargs.isEmpty() && python.isEmpty() && server.isEmpty();
    }

    public EnvOptions withKwarg(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(kwargs);
        m.put(key, value);
        return new EnvOptions(m, python, server);
    }

    public EnvOptions withPython(Path interpreter) {
        return new EnvOptions(kwargs, Optional.of(interpreter), server);
    }

    public EnvOptions withServer(String hostPort) {
        return new EnvOptions(kwargs, python, Optional.of(hostPort));
    }

    /**
     * Parses {@code key=value} (the CLI's {@code --env-kwargs}): the value as a JSON scalar
     * ({@code true}, {@code false}, {@code null}, a number, a double-quoted string), or, when it is none
     * of those and starts with a letter, as the bare string itself ({@code render_mode=rgb_array}).
     * An integer without fraction or exponent becomes a {@code Long}, other numbers a {@code Double}.
     *
     * @return the key and its value
     * @throws IllegalArgumentException naming the text when it is not {@code key=value} or the value does not parse
     */
    public static Map.Entry<String, Object> parseKwarg(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("env kwarg '" + text + "' is not key=value");
        }
        String key = text.substring(0, eq).trim();
        String value = text.substring(eq + 1).trim();
        return new java.util.AbstractMap.SimpleImmutableEntry<>(key, parseScalar(key, value));
    }

    private static Object parseScalar(String key, String v) {
        switch (v) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return null;
            default:
                break;
        }
        if (v.matches("-?(0|[1-9][0-9]*)")) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("env kwarg " + key + ": integer " + v + " is out of range");
            }
        }
        if (v.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            return Double.parseDouble(v);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return unquote(key, v.substring(1, v.length() - 1));
        }
        if (!v.isEmpty() && Character.isLetter(v.charAt(0)) && v.chars().noneMatch(c -> c == '"' || c == '\\')) {
            return v;
        }
        throw new IllegalArgumentException("env kwarg " + key + ": '" + v + "' is not a JSON scalar (true, false,"
                + " null, a number or a \"string\")");
    }

    private static String unquote(String key, String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                throw new IllegalArgumentException("env kwarg " + key + ": unescaped quote in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i == s.length()) {
                throw new IllegalArgumentException("env kwarg " + key + ": string ends inside an escape");
            }
            char e = s.charAt(i);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    if (i + 4 >= s.length()) {
                        throw new IllegalArgumentException("env kwarg " + key + ": short \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException x) {
                        throw new IllegalArgumentException("env kwarg " + key + ": bad \\u escape");
                    }
                    i += 4;
                }
                default -> throw new IllegalArgumentException("env kwarg " + key + ": unknown escape \\" + e);
            }
        }
        return b.toString();
    }

    /** The kwargs as a JSON object, e.g. {@code {"ctrl_cost_weight":0.1}}: what a Gymnasium server takes. */
    public String kwargsJson() {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : kwargs.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(quote(e.getKey())).append(':');
            Object v = e.getValue();
            if (v instanceof String s) {
                b.append(quote(s));
            } else if (v instanceof Double d) {
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("env kwarg " + e.getKey() + " is not finite: " + d);
                }
                b.append(String.format(Locale.ROOT, "%s", d));
            } else {
                b.append(v); // Boolean, Long, null
            }
        }
        return b.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
