package dev.vaekit.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test set's log-likelihood as a {@link LikelihoodEstimator} estimated it, with its estimator's own terms.
 *
 * @param estimator the estimator in words ({@link LikelihoodEstimator#describe})
 * @param nll −(1/n) Σ log p̂(x), nats per example
 * @param nllStdErr standard error of that mean over the n examples (sample std / √n)
 * @param bitsPerDim nll / (d ln 2)
 * @param k draws per example
 * @param n examples
 * @param dim features per example
 * @param seed seed of the draws
 * @param seconds wall time
 * @param terms the estimator's own results, in the order to report them: for a VAE {@code elbo}, {@code
 *     reconstruction}, {@code kl} (nats) and {@code activeUnits}
 */
public record LikelihoodReport(
        String estimator,
        double nll,
        double nllStdErr,
        double bitsPerDim,
        int k,
        int n,
        int dim,
        long seed,
        double seconds,
        Map<String, Number> terms) {

    /** Copies the terms, keeping their order. */
    public LikelihoodReport {
        terms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    /**
     * @param name a term's name
     * @return its value
     * @throws IllegalArgumentException if the report has no such term
     */
    public double term(String name) {
        Number value = terms.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no term '" + name + "' in this report; it has " + terms.keySet());
        }
        return value.doubleValue();
    }

    /**
     * Summarises per-example log-likelihoods.
     *
     * @param estimator the estimator in words
     * @param logLikelihoods log p̂(x) of each example
     * @param dim features per example
     * @param k draws per example
     * @param seed seed of the draws
     * @param seconds wall time
     * @param terms the estimator's own results
     * @return the report
     */
    public static LikelihoodReport of(
            String estimator,
            double[] logLikelihoods,
            int dim,
            int k,
            long seed,
            double seconds,
            Map<String, Number> terms) {
        int n = logLikelihoods.length;
        double mean = mean(logLikelihoods);
        double variance = 0;
        for (double v : logLikelihoods) {
            variance += (v - mean) * (v - mean);
        }
        double stdErr = n > 1 ? Math.sqrt(variance / (n - 1) / n) : Double.NaN;
        return new LikelihoodReport(
                estimator, -mean, stdErr, -mean / (dim * Math.log(2)), k, n, dim, seed, seconds, terms);
    }

    /** @return the mean of the values, NaN for none */
    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }
}
