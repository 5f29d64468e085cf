package dev.vaekit.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Vae;

/**
 * The evidence lower bound log p(x) ≥ E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)) and its Monte-Carlo estimators, for the
 * model's prior p(z) ({@link Vae#prior}); estimator B's closed-form KL exists for the standard normal prior only. All
 * values are per datapoint, in nats.
 */
public final class Elbo {
    private Elbo() {}

    /**
     * One minibatch's objective.
     *
     * @param loss the scalar to minimise: the batch mean of −(reconstruction − w·KL), or of −IWAE bound
     * @param reconstruction batch mean of (1/L) Σ_l log p(x|z_l)
     * @param kl batch mean of the KL estimate (analytic for B; (1/L) Σ_l [log q − log p] otherwise)
     * @param bound batch mean of the unweighted bound: ELBO for A and B, the IWAE bound for IWAE
     */
    public record Terms(NDArray loss, NDArray reconstruction, NDArray kl, NDArray bound) {}

    /**
     * Computes the objective of a batch, differentiably, without free bits.
     *
     * @param model the VAE
     * @param x data, shape (batch, d)
     * @param estimator A, B or IWAE
     * @param samples L ≥ 1
     * @param klWeight weight of the KL term (β, possibly warmed up); ignored by IWAE
     * @return the loss and its parts, as scalars
     */
    public static Terms compute(Vae model, NDArray x, Estimator estimator, int samples, float klWeight) {
        return compute(model, x, null, estimator, samples, klWeight, 0f);
    }

    /**
     * Computes the objective of a batch, differentiably.
     *
     * <p>With free bits λ &gt; 0 (Kingma et al. 2016, "Improving Variational Inference with Inverse Autoregressive
     * Flow", appendix, section "free bits") the loss of estimator B becomes
     *
     * <pre>
     *   loss = −(1/M) Σ_i recon_i + w · Σ_j max(λ, (1/M) Σ_i KL(q(z_j|x_i) ‖ N(0, 1))),
     * </pre>
     *
     * one term per latent dimension j, the KL averaged over the minibatch of M before the clamp. Below λ nats a
     * dimension's KL term is constant, so its gradient is zero and the optimiser gains nothing by closing it (the cure
     * for posterior collapse the paper proposes). The reported {@code kl} and {@code bound} stay the true, unclamped
     * values. With λ = 0 the clamp is the identity (each KL_j ≥ 0) and the loss is the ELBO's.
     *
     * <p>Free bits need the KL of each dimension, which estimator B has in closed form. Estimator A's Monte-Carlo KL
     * is a noisy sum whose per-dimension parts can be negative, so clamping them would clamp noise; the IWAE bound has
     * no separate KL term at all. {@link ObjectiveConfig} therefore rejects free bits with A and IWAE, and this method
     * ignores {@code freeBits} for them.
     *
     * @param model the VAE
     * @param x data, shape (batch, d)
     * @param condition for a conditional VAE, the one-hot labels of x, shape (batch, C); else null
     * @param estimator A, B or IWAE
     * @param samples L ≥ 1
     * @param klWeight weight of the KL term (β, possibly warmed up); ignored by IWAE
     * @param freeBits λ ≥ 0, nats per latent dimension that the loss does not charge (estimator B only; 0 is off)
     * @return the loss and its parts, as scalars
     */
    public static Terms compute(
            Vae model, NDArray x, NDArray condition, Estimator estimator, int samples, float klWeight, float freeBits) {
        long batch = x.getShape().get(0);
        int latent = model.config().latentDim();
        Vae.Posterior posterior = model.posterior(x, condition);
        DiagonalGaussian q = posterior.base();
        NDArray eps = x.getManager().randomNormal(new Shape(samples, batch, latent));
        Vae.PosteriorSample draw = model.draw(posterior, eps);
        NDArray z = draw.z(); // (L, batch, latent)
        NDArray context = model.autoregressive() ? Tensors.repeatBatch(x, samples) : null;
        NDArray conditions = condition == null ? null : Tensors.repeatBatch(condition, samples);
        NDArray out = model.decode(z.reshape(samples * batch, latent), context, conditions)
                .reshape(samples, batch, -1);
        NDArray logPxGivenZ = model.observation().logProb(x, out); // (L, batch)
        NDArray reconstruction = logPxGivenZ.mean(new int[] {0}); // (batch)
        if (estimator == Estimator.B) {
            if (!model.prior().analyticKl() || model.config().hasPosteriorFlow()) {
                throw new IllegalArgumentException("estimator B needs a closed-form KL, which the "
                        + model.config().prior().id() + " prior with the "
                        + model.config().posteriorFlow().id()
                        + " posterior flow lacks");
            }
            NDArray kl = q.klToStandardNormal();
            // λ = 0 keeps the ELBO's own expression, so runs without free bits compute exactly what they did before
            NDArray loss = freeBits > 0
                    ? reconstruction.mean().neg().add(Tensors.scale(freeBitsKl(q, freeBits), klWeight))
                    : reconstruction.sub(Tensors.scale(kl, klWeight)).mean().neg();
            return new Terms(
                    loss,
                    reconstruction.mean(),
                    kl.mean(),
                    reconstruction.sub(kl).mean());
        }
        // log q(z|x) − log p(z) per sample: the integrand of the Monte-Carlo KL
        NDArray logRatio = draw.logQ().sub(model.prior().logProb(z)); // (L, batch)
        NDArray kl = logRatio.mean(new int[] {0});
        if (estimator == Estimator.A) {
            NDArray loss =
                    reconstruction.sub(Tensors.scale(kl, klWeight)).mean().neg();
            return new Terms(
                    loss,
                    reconstruction.mean(),
                    kl.mean(),
                    reconstruction.sub(kl).mean());
        }
        NDArray iwae = Tensors.logMeanExp(logPxGivenZ.sub(logRatio), 0); // (batch)
        NDArray bound = iwae.mean();
        return new Terms(bound.neg(), reconstruction.mean(), kl.mean(), bound);
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
