package dev.vaekit.samplers;

import dev.vaekit.InvalidInputException;

/**
 * A density's mean log-likelihood of held-out codes, with its standard error over the codes.
 *
 * @param logLikelihood mean log p(z) per code, in nats
 * @param stdErr the standard error of that mean, s/√n with the sample standard deviation s (NaN for one code)
 * @param codes n, the number of held-out codes
 * @param estimator how log p(z) was computed, e.g. {@code exact} or the importance sampler's description
 */
public record HeldOutScore(double logLikelihood, double stdErr, int codes, String estimator) {

    /** Validates the count and the estimator. */
    public HeldOutScore {
        if (codes < 1) {
            throw new InvalidInputException("a held-out score needs codes >= 1, got " + codes);
        }
        if (estimator == null || estimator.isBlank()) {
            throw new InvalidInputException("a held-out score must name its estimator");
        }
    }

    /**
     * @param logLikelihoods log p(z) of each held-out code
     * @param estimator how they were computed
     * @return their mean and its standard error
     */
    public static HeldOutScore of(double[] logLikelihoods, String estimator) {
        int n = logLikelihoods.length;
        double mean = 0;
        for (double v : logLikelihoods) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : logLikelihoods) {
            ss += (v - mean) * (v - mean);
        }
        return new HeldOutScore(mean, n > 1 ? Math.sqrt(ss / (n - 1) / n) : Double.NaN, n, estimator);
    }
}
