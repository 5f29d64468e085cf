package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.objectives.Loss;
import java.util.Map;

/**
 * One draw z ~ q(z|x) per example of a batch and the closed-form ELBO's terms: what the VAE families that add their own
 * penalty to the reconstruction build their losses from ({@link CapacityVae}, {@link InfoVae}, {@link FactorVae}).
 *
 * @param q the Gaussian posterior q(z|x) of the batch
 * @param z the draws, shape (batch, latentDim)
 * @param reconstruction the batch mean of log p(x|z), a scalar
 * @param kl the batch mean of KL(q(z|x) ‖ N(0, I)) in closed form, a scalar
 */
record OneDraw(DiagonalGaussian q, NDArray z, NDArray reconstruction, NDArray kl) {

    /**
     * Draws once per example, from the engine's generator.
     *
     * @param vae the model
     * @param batch the examples
     * @return the draws and terms
     */
    static OneDraw of(Vae vae, Batch batch) {
        Vae.Sampled s = vae.sampled(batch, 1);
        DiagonalGaussian q = s.posterior().base();
        return new OneDraw(
                q,
                s.draw().z().squeeze(0),
                s.logPxGivenZ().mean(),
                q.klToStandardNormal().mean());
    }

    /**
     * The loss −reconstruction + the penalties, added in order, reporting the ELBO's KL and bound.
     *
     * @param extra the family's own terms, for the metrics
     * @param penalties the family's weighted penalties, scalars
     * @return the loss
     */
    Loss loss(Map<String, NDArray> extra, NDArray... penalties) {
        NDArray value = reconstruction.neg();
        for (NDArray penalty : penalties) {
            value = value.add(penalty);
        }
        return new Loss(value, reconstruction, kl, reconstruction.sub(kl), extra);
    }
}
