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

    /**
     * The report of a whole test set from the reports of its parts (disjoint, of one estimator, k, seed and width),
     * exactly as {@link #of} computes it from all the log-likelihoods: the mean weighted by the parts' sizes, and the
     * sum of squared deviations recovered from each part's standard error, Σ (x − m_i)² = s_i² n_i (n_i − 1), plus n_i
     * (m_i − m)² for the distance of its mean from the whole's. The estimator's own terms are left out (some, like
     * active units, do not add up); the seconds are summed.
     *
     * @param parts at least one report, every part of at least two examples but a single one
     * @return the whole's report
     * @throws IllegalArgumentException if the parts were estimated differently
     */
    public static LikelihoodReport combine(java.util.List<LikelihoodReport> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no parts to combine");
        }
        LikelihoodReport first = parts.get(0);
        if (parts.size() == 1) {
            return first;
        }
        long n = 0;
        double sum = 0;
        double seconds = 0;
        for (LikelihoodReport p : parts) {
            if (!p.estimator().equals(first.estimator())
                    || p.k() != first.k()
                    || p.seed() != first.seed()
                    || p.dim() != first.dim()) {
                throw new IllegalArgumentException("parts estimated differently: " + first.estimator() + " (k = "
                        + first.k() + ", seed " + first.seed() + ") and " + p.estimator() + " (k = " + p.k()
                        + ", seed " + p.seed() + ")");
            }
            if (p.n() < 2) {
                throw new IllegalArgumentException("a part of fewer than two examples has no standard error");
            }
            n += p.n();
            sum += -p.nll() * p.n();
            seconds += p.seconds();
        }
        double mean = sum / n;
        double squares = 0;
        for (LikelihoodReport p : parts) {
            double own = p.nllStdErr() * p.nllStdErr() * p.n() * (p.n() - 1.0);
            squares += own + p.n() * (-p.nll() - mean) * (-p.nll() - mean);
        }
        double stdErr = Math.sqrt(squares / (n - 1) / n);
        return new LikelihoodReport(
                first.estimator(),
                -mean,
                stdErr,
                -mean / (first.dim() * Math.log(2)),
                first.k(),
                Math.toIntExact(n),
                first.dim(),
                first.seed(),
                seconds,
                Map.of());
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
