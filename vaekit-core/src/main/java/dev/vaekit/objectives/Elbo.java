package dev.vaekit.objectives;

import ai.djl.ndarray.NDArray;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Tensors;

/**
 * The evidence lower bound log p(x) ≥ E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)) and its Monte-Carlo estimators, from the
 * sampled terms a model computes: log p(x|z_l) for L draws z_l ~ q(z|x) per datapoint and, where the KL is not in
 * closed form, log q(z_l|x) − log p(z_l). All values are per datapoint, in nats; every result is a {@link Loss} of
 * batch means.
 */
public final class Elbo {
    private Elbo() {}

    /**
     * Kingma &amp; Welling's estimator B (eq. 7): the KL to N(0, I) in closed form, the reconstruction term sampled.
     *
     * <p>With free bits λ &gt; 0 (Kingma et al. 2016, "Improving Variational Inference with Inverse Autoregressive
     * Flow", appendix, section "free bits") the loss becomes
     *
     * <pre>
     *   loss = −(1/M) Σ_i recon_i + w · Σ_j max(λ, (1/M) Σ_i KL(q(z_j|x_i) ‖ N(0, 1))),
     * </pre>
     *
     * one term per latent dimension j, the KL averaged over the minibatch of M before the clamp. Below λ nats a
     * dimension's KL term is constant, so its gradient is zero and the optimiser gains nothing by closing it (the cure
     * for posterior collapse the paper proposes). The reported {@code kl} and {@code bound} stay the true, unclamped
     * values. With λ = 0 the clamp is the identity (each KL_j ≥ 0) and the loss is the ELBO's. Free bits need the KL of
     * each dimension, which only this estimator has in closed form; {@link ObjectiveConfig} rejects them with the
     * others.
     *
     * @param logPxGivenZ log p(x|z_l), shape (L, batch)
     * @param q the posterior of the batch, Gaussian
     * @param klWeight weight w of the KL term (β, possibly warmed up)
     * @param freeBits λ ≥ 0, nats per latent dimension that the loss does not charge (0 is off)
     * @return the loss and its parts
     */
    public static Loss analyticKl(NDArray logPxGivenZ, DiagonalGaussian q, float klWeight, float freeBits) {
        NDArray reconstruction = logPxGivenZ.mean(new int[] {0}); // (batch)
        NDArray kl = q.klToStandardNormal();
        // λ = 0 keeps the ELBO's own expression, so runs without free bits compute exactly what they did before
        NDArray loss = freeBits > 0
                ? reconstruction.mean().neg().add(Tensors.scale(freeBitsKl(q, freeBits), klWeight))
                : reconstruction.sub(Tensors.scale(kl, klWeight)).mean().neg();
        return new Loss(
                loss, reconstruction.mean(), kl.mean(), reconstruction.sub(kl).mean());
    }

    /**
     * Kingma &amp; Welling's generic estimator A (eq. 6): (1/L) Σ_l [log p(x|z_l) + log p(z_l) − log q(z_l|x)], the KL
     * term sampled too.
     *
     * @param logPxGivenZ log p(x|z_l), shape (L, batch)
     * @param logRatio log q(z_l|x) − log p(z_l), shape (L, batch)
     * @param klWeight weight w of the KL term
     * @return the loss and its parts
     */
    public static Loss monteCarloKl(NDArray logPxGivenZ, NDArray logRatio, float klWeight) {
        NDArray reconstruction = logPxGivenZ.mean(new int[] {0});
        NDArray kl = logRatio.mean(new int[] {0});
        NDArray loss = reconstruction.sub(Tensors.scale(kl, klWeight)).mean().neg();
        return new Loss(
                loss, reconstruction.mean(), kl.mean(), reconstruction.sub(kl).mean());
    }

    /**
     * The importance-weighted bound of Burda et al. 2015 (eq. 8), log (1/L) Σ_l p(x, z_l)/q(z_l|x); L = 1 is the ELBO
     * and the bound tightens as L grows. Its loss is the negative bound; the reported reconstruction and KL are the
     * L-sample means.
     *
     * @param logPxGivenZ log p(x|z_l), shape (L, batch)
     * @param logRatio log q(z_l|x) − log p(z_l), shape (L, batch)
     * @return the loss and its parts
     */
    public static Loss iwae(NDArray logPxGivenZ, NDArray logRatio) {
        NDArray reconstruction = logPxGivenZ.mean(new int[] {0});
        NDArray kl = logRatio.mean(new int[] {0});
        NDArray bound = Tensors.logMeanExp(logPxGivenZ.sub(logRatio), 0).mean();
        return new Loss(bound.neg(), reconstruction.mean(), kl.mean(), bound);
    }

    /**
     * The free-bits KL term Σ_j max(λ, (1/M) Σ_i KL_ij) of Kingma et al. 2016 (appendix, section "free bits"): each
     * latent dimension's KL, averaged over the minibatch, is charged at least λ nats.
     *
     * @param q the posterior of the batch
     * @param freeBits λ &gt; 0
     * @return a scalar
     */
    static NDArray freeBitsKl(DiagonalGaussian q, float freeBits) {
        NDArray perDimension = q.klPerDimension().mean(new int[] {0}); // (latent)
        return Tensors.atLeast(perDimension, freeBits).sum();
    }
}
