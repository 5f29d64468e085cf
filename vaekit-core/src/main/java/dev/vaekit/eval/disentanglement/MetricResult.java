package dev.vaekit.eval.disentanglement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metric's result: its scores, the per-factor terms they average, and the settings, seed and time that produced
 * them.
 *
 * @param metric the metric's name, e.g. {@code mig}
 * @param scores the scores by name, in the order they are reported (e.g. {@code disentanglement}, {@code
 *     completeness})
 * @param factors the names of the scored factors
 * @param perFactor per-factor terms by name, one value per scored factor (e.g. MIG's gap of each factor)
 * @param settings the estimator's settings
 * @param seed the seed of the draws
 * @param seconds wall time of the whole estimate, encoding included
 */
public record MetricResult(
        String metric,
        Map<String, Double> scores,
        List<String> factors,
        Map<String, double[]> perFactor,
        Record settings,
        long seed,
        double seconds) {

    /** Copies the maps, keeping their order, and checks the per-factor terms' lengths. */
    public MetricResult {
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        factors = List.copyOf(factors);
        for (Map.Entry<String, double[]> e : perFactor.entrySet()) {
            if (e.getValue().length != factors.size()) {
                throw new IllegalArgumentException(
                        e.getKey() + ": " + e.getValue().length + " values for " + factors.size() + " factors");
            }
        }
        perFactor = Collections.unmodifiableMap(new LinkedHashMap<>(perFactor));
    }

    /**
     * @param name a score's name
     * @return its value
     * @throws IllegalArgumentException when the result has no such score
     */
    public double score(String name) {
        Double v = scores.get(name);
        if (v == null) {
            throw new IllegalArgumentException(metric + " has no score " + name + "; it has " + scores.keySet());
        }
        return v;
    }
}
