package dev.vaekit.eval;

/**
 * Per-example results of one importance-sampling pass ({@link ImportanceSampledLogLikelihood#score}), in nats, in row
 * order. Low values flag unusual examples: these are vaekit's anomaly scores.
 *
 * @param logLikelihood log p̂(x) = log (1/k) Σ p(x|z_i) p(z_i) / q(z_i|x), the marginal-likelihood estimate
 * @param elbo E_q log p(x|z) − KL(q(z|x) ‖ p(z)) (k-sample mean and analytic KL)
 * @param reconstructionLogProbability log (1/k) Σ p(x|z_i): An &amp; Cho's (2015) reconstruction probability, in logs
 * @param reconstruction (1/k) Σ log p(x|z_i)
 * @param kl KL(q(z|x) ‖ p(z)), analytic
 * @param posteriorMeans E_q[z] per example
 * @param k importance samples per example
 * @param seed seed of the draws
 */
public record ExampleScores(
        double[] logLikelihood,
        double[] elbo,
        double[] reconstructionLogProbability,
        double[] reconstruction,
        double[] kl,
        double[][] posteriorMeans,
        int k,
        long seed) {}
