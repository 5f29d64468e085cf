package dev.vaekit.eval;

/**
 * The importance-sampled marginal likelihood of a test set, with the ELBO's terms from the same samples.
 *
 * @param nll −(1/n) Σ log p̂(x), nats per example
 * @param nllStdErr standard error of that mean over the n examples (sample std / √n)
 * @param bitsPerDim nll / (d ln 2)
 * @param elbo mean ELBO (estimator B: the k-sample mean of log p(x|z) minus the analytic KL)
 * @param reconstruction mean E_q log p(x|z), averaged over the k samples
 * @param kl mean KL(q(z|x) ‖ p(z)), analytic
 * @param activeUnits latent dimensions whose posterior mean varies across the data (Burda et al. 2015, §5.2)
 * @param k importance samples per example
 * @param n examples
 * @param dim features per example
 * @param seed seed of the draws
 * @param seconds wall time
 */
public record LikelihoodReport(
        double nll,
        double nllStdErr,
        double bitsPerDim,
        double elbo,
        double reconstruction,
        double kl,
        int activeUnits,
        int k,
        int n,
        int dim,
        long seed,
        double seconds) {}
