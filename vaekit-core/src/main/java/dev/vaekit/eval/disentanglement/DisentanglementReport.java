package dev.vaekit.eval.disentanglement;

import dev.vaekit.data.factors.FactorData;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The results of several metrics on one data set, printed as a table for people and as one JSON line for programs.
 *
 * @param data the data set's name
 * @param factors the scored factors' names
 * @param results the metrics' results, in the order run
 */
public record DisentanglementReport(String data, List<String> factors, List<MetricResult> results) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Copies the lists. */
    public DisentanglementReport {
        factors = List.copyOf(factors);
        results = List.copyOf(results);
    }

    /**
     * Runs metrics one after another with the same seed.
     *
     * @param data the data with known factors
     * @param representation the representation scored
     * @param metrics the metrics
     * @param seed the seed of each metric's draws
     * @return their results
     */
    public static DisentanglementReport run(
            FactorData data,
            RepresentationFunction representation,
            List<? extends DisentanglementMetric> metrics,
            long seed) {
        List<MetricResult> results = new ArrayList<>();
        for (DisentanglementMetric metric : metrics) {
            results.add(metric.compute(data, representation, seed));
        }
        return new DisentanglementReport(data.name(), Metrics.factorNames(data), results);
    }

    /**
     * @return the five metrics with disentanglement_lib's settings: MIG, SAP, DCI, the FactorVAE metric and the β-VAE
     *     metric
     */
    public static List<DisentanglementMetric> defaultMetrics() {
        return List.of(new Mig(), new SapScore(), new Dci(), new FactorVaeMetric(), new BetaVaeMetric());
    }

    /** @return the scores, one per line, then the per-factor terms with one column per factor */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("disentanglement of ")
                .append(data)
                .append(" (factors ")
                .append(String.join(", ", factors))
                .append(")\n");
        sb.append(String.format(
                Locale.ROOT, "%-10s %-22s %8s %9s  %s%n", "metric", "score", "value", "seconds", "settings"));
        for (MetricResult r : results) {
            boolean first = true;
            for (Map.Entry<String, Double> e : r.scores().entrySet()) {
                sb.append(String.format(
                        Locale.ROOT,
                        "%-10s %-22s %8s %9s  %s%n",
                        first ? r.metric() : "",
                        e.getKey(),
                        format(e.getValue()),
                        first ? String.format(Locale.ROOT, "%.1f", r.seconds()) : "",
                        first ? settingsText(r.settings()) + " seed=" + r.seed() : ""));
                first = false;
            }
        }
        sb.append("\nper factor").append(String.format(Locale.ROOT, "%22s", ""));
        for (String f : factors) {
            sb.append(String.format(Locale.ROOT, " %11s", f));
        }
        sb.append('\n');
        for (MetricResult r : results) {
            for (Map.Entry<String, double[]> e : r.perFactor().entrySet()) {
                sb.append(String.format(Locale.ROOT, "%-10s %-21s", r.metric(), e.getKey()));
                for (double v : e.getValue()) {
                    sb.append(String.format(Locale.ROOT, " %11s", format(v)));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** @return the report as one line of JSON (no line break inside), with every score, term and setting */
    public String toJsonLine() {
        ObjectNode root = JSON.createObjectNode();
        root.put("data", data);
        ArrayNode factorNames = root.putArray("factors");
        factors.forEach(factorNames::add);
        ObjectNode metrics = root.putObject("metrics");
        for (MetricResult r : results) {
            ObjectNode m = metrics.putObject(r.metric());
            ObjectNode scores = m.putObject("scores");
            r.scores().forEach(scores::put);
            ObjectNode perFactor = m.putObject("perFactor");
            for (Map.Entry<String, double[]> e : r.perFactor().entrySet()) {
                ArrayNode values = perFactor.putArray(e.getKey());
                for (double v : e.getValue()) {
                    values.add(v);
                }
            }
            m.set("settings", JSON.valueToTree(settingsMap(r.settings())));
            m.put("seed", r.seed());
            m.put("seconds", r.seconds());
        }
        return JSON.writeValueAsString(root);
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** @return the record's components as {@code name=value}, nested records flattened with dots */
    static String settingsText(Record settings) {
        List<String> parts = new ArrayList<>();
        settingsMap(settings).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    /** @return the record's components in order, nested records flattened with dots */
    static Map<String, Object> settingsMap(Record settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", settings, out);
        return out;
    }

    private static void flatten(String prefix, Record record, Map<String, Object> out) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + record, e);
            }
            if (value instanceof Record nested) {
                flatten(prefix + c.getName() + ".", nested, out);
            } else {
                out.put(prefix + c.getName(), value);
            }
        }
    }
}
