package dev.vaekit.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-example results of one pass of a {@link LikelihoodEstimator}, in nats, in row order. Low values flag unusual
 * examples: these are vaekit's anomaly scores.
 *
 * @param logLikelihood log p̂(x) of each example
 * @param columns the estimator's further per-example values by name ({@link LikelihoodEstimator#columns}), e.g. a
 *     VAE's {@code elbo}, {@code reconstruction_log_prob} and {@code kl}, a flow's {@code bits_per_dim}
 * @param k draws per example
 * @param seed seed of the draws
 */
public record ExampleScores(double[] logLikelihood, Map<String, double[]> columns, int k, long seed) {

    /** Copies the column map, keeping its order. */
    public ExampleScores {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /**
     * @param name a column's name
     * @return its values
     * @throws IllegalArgumentException if there is no such column
     */
    public double[] column(String name) {
        double[] values = columns.get(name);
        if (values == null) {
            throw new IllegalArgumentException("no column '" + name + "'; the scores have " + columns.keySet());
        }
        return values;
    }

    /** @return the number of examples */
    public int size() {
        return logLikelihood.length;
    }
}
