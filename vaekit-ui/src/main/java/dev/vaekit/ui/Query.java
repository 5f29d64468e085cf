package dev.vaekit.ui;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of one request, checked strictly: each name at most once, numbers finite and in range, and (through
 * {@link #only}) no name the route does not know. Every refusal is an {@link HttpError} 400 with one line.
 */
final class Query {
    private final Map<String, String> values;
    private final Set<String> ignored = new HashSet<>();

    private Query(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param rawQuery the URI's raw query, or null
     * @return the parameters
     */
    static Query parse(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (values.put(name, value) != null) {
                    throw new HttpError(400, "parameter '" + shown(name) + "' given twice");
                }
            }
        }
        return new Query(values);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "malformed percent-encoding in the query");
        }
    }

    /** A name for a message: printable ASCII only, cut at 40 characters. */
    private static String shown(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 40; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 40 ? b + "…" : b.toString();
    }

    /** Marks a parameter as handled elsewhere (the access token on loopback, where none is needed). */
    void ignore(String name) {
        ignored.add(name);
    }

    /** @return a text parameter, or null when absent; the name counts as handled */
    String text(String name) {
        ignored.add(name);
        return values.get(name);
    }

    /**
     * @param name parameter
     * @param min smallest allowed value
     * @param max largest allowed value
     * @param fallback value when absent, or null if the parameter is required
     * @return the value
     */
    double number(String name, double min, double max, Double fallback) {
        String s = values.get(name);
        if (s == null) {
            if (fallback == null) {
                throw new HttpError(400, "parameter '" + name + "' is required");
            }
            return fallback;
        }
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "parameter '" + name + "' must be a number, got '" + shown(s) + "'");
        }
        if (!(v >= min && v <= max)) { // also false for NaN
            throw new HttpError(400, "parameter '" + name + "' must be in [" + min + ", " + max + "], got " + shown(s));
        }
        return v;
    }

    /**
     * @param name parameter
     * @param min smallest allowed value
     * @param max largest allowed value
     * @param fallback value when absent, or null if the parameter is required
     * @return the value
     */
    int integer(String name, int min, int max, Integer fallback) {
        String s = values.get(name);
        if (s == null) {
            if (fallback == null) {
                throw new HttpError(400, "parameter '" + name + "' is required");
            }
            return fallback;
        }
        long v;
        try {
            v = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "parameter '" + name + "' must be an integer, got '" + shown(s) + "'");
        }
        if (v < min || v > max) {
            throw new HttpError(400, "parameter '" + name + "' must be in [" + min + ", " + max + "], got " + v);
        }
        return (int) v;
    }

    /**
     * Refuses any parameter besides {@code known} and the ones already marked handled.
     *
     * @param known the route's parameter names
     */
    void only(String... known) {
        Set<String> allowed = new HashSet<>(Set.of(known));
        allowed.addAll(ignored);
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw new HttpError(400, "unknown parameter '" + shown(name) + "'");
            }
        }
    }
}
