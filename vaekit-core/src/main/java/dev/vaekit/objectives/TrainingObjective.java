package dev.vaekit.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.models.FlowModel;
import dev.vaekit.models.Model;
import dev.vaekit.models.PlainAutoencoder;
import dev.vaekit.models.Vae;

/**
 * What training minimises for each kind of {@link Model}: for a {@link Vae}, the negative bound its estimator names
 * ({@link Elbo}); for a {@link FlowModel}, the exact negative log-likelihood −log p(x) (with 8-bit data, its
 * dequantization bound); for a {@link PlainAutoencoder}, the reconstruction negative log-likelihood
 *
 * <pre>
 *   loss(x) = −log p(x | z = enc(x)),
 * </pre>
 *
 * averaged over the batch. The plain autoencoder's terms are reported in the ELBO's shape so that training, metrics and
 * validation treat both alike: reconstruction = log p(x | enc(x)), KL = 0, bound = reconstruction (which bounds
 * nothing: without a prior there is no p(x) to bound).
 */
public final class TrainingObjective {
    private TrainingObjective() {}

    /**
     * Computes a batch's objective, differentiably.
     *
     * @param model the model
     * @param x data, shape (batch, d)
     * @param estimator A, B or IWAE (a VAE only)
     * @param samples L ≥ 1 (a VAE only)
     * @param klWeight weight of the KL term (a VAE only)
     * @return the loss and its parts, as scalars
     */
    public static Elbo.Terms compute(Model model, NDArray x, Estimator estimator, int samples, float klWeight) {
        return compute(model, x, null, estimator, samples, klWeight, 0f);
    }

    /**
     * Computes a batch's objective, differentiably, with free bits.
     *
     * @param model the model
     * @param x data, shape (batch, d)
     * @param condition for a conditional model, the one-hot labels of x, shape (batch, C); else null
     * @param estimator A, B or IWAE (a VAE only)
     * @param samples L ≥ 1 (a VAE only)
     * @param klWeight weight of the KL term (a VAE only)
     * @param freeBits nats of KL per latent dimension not charged to the loss (a VAE with estimator B only; 0 is off;
     *     see {@link Elbo#compute(Vae, NDArray, NDArray, Estimator, int, float, float)})
     * @return the loss and its parts, as scalars
     */
    public static Elbo.Terms compute(
            Model model,
            NDArray x,
            NDArray condition,
            Estimator estimator,
            int samples,
            float klWeight,
            float freeBits) {
        if (model instanceof Vae vae) {
            return Elbo.compute(vae, x, condition, estimator, samples, klWeight, freeBits);
        }
        if (model instanceof FlowModel flow) {
            return exact(flow, x);
        }
        return reconstruction((PlainAutoencoder) model, x, condition);
    }

    /** −log p(x), reported as a bound equal to the reconstruction term, with a zero KL term. */
    private static Elbo.Terms exact(FlowModel model, NDArray x) {
        NDArray logPx = model.logProb(x).mean();
        return new Elbo.Terms(logPx.neg(), logPx, x.getManager().zeros(new Shape()), logPx);
    }

    /** −log p(x | z = enc(x)), with a zero KL term. */
    private static Elbo.Terms reconstruction(PlainAutoencoder model, NDArray x, NDArray condition) {
        NDArray z = model.code(x, condition);
        NDArray logPxGivenZ = model.observation().logProb(x, model.decode(z, x, condition)); // (batch)
        NDArray reconstruction = logPxGivenZ.mean();
        return new Elbo.Terms(
                reconstruction.neg(), reconstruction, x.getManager().zeros(new Shape()), reconstruction);
    }
}
