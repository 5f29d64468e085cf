package dev.vaekit.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.distributions.StandardNormal;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Vae;

/**
 * The evidence lower bound log p(x) ≥ E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)) and its Monte-Carlo estimators. All
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
     * Computes the objective of a batch, differentiably.
     *
     * @param model the VAE
     * @param x data, shape (batch, d)
     * @param estimator A, B or IWAE
     * @param samples L ≥ 1
     * @param klWeight weight of the KL term (β, possibly warmed up); ignored by IWAE
     * @return the loss and its parts, as scalars
     */
    public static Terms compute(Vae model, NDArray x, Estimator estimator, int samples, float klWeight) {
        long batch = x.getShape().get(0);
        int latent = model.config().latentDim();
        DiagonalGaussian q = model.encode(x);
        NDArray eps = x.getManager().randomNormal(new Shape(samples, batch, latent));
        NDArray z = q.sample(eps); // (L, batch, latent)
        NDArray out = model.decode(z.reshape(samples * batch, latent)).reshape(samples, batch, -1);
        NDArray logPxGivenZ = model.observation().logProb(x, out); // (L, batch)
        NDArray reconstruction = logPxGivenZ.mean(new int[] {0}); // (batch)
        if (estimator == Estimator.B) {
            NDArray kl = q.klToStandardNormal();
            NDArray loss = reconstruction.sub(kl.mul(klWeight)).mean().neg();
            return new Terms(
                    loss,
                    reconstruction.mean(),
                    kl.mean(),
                    reconstruction.sub(kl).mean());
        }
        // log q(z|x) − log p(z) per sample: the integrand of the Monte-Carlo KL
        NDArray logRatio = q.logProbOfSample(eps).sub(StandardNormal.logProb(z)); // (L, batch)
        NDArray kl = logRatio.mean(new int[] {0});
        if (estimator == Estimator.A) {
            NDArray loss = reconstruction.sub(kl.mul(klWeight)).mean().neg();
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
}
