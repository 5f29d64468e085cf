package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.distributions.GaussianMixture;
import dev.vaekit.nn.Parameters;
import java.util.function.Function;

/**
 * The VampPrior (Tomczak &amp; Welling 2018, "VAE with a VampPrior", eq. 9): the aggregated posterior approximated at
 * K learned pseudo-inputs u_1..u_K,
 *
 * <pre>
 *   p_λ(z) = (1/K) Σ_k q(z | u_k),
 * </pre>
 *
 * a mixture of the encoder's own Gaussians, so prior and posterior are learned together and the prior can follow the
 * shape of the codes instead of forcing them into N(0, I). The pseudo-inputs are parameters ({@code prior.pseudoInputs},
 * shape (K, d)); for image likelihoods (Bernoulli, discretized logistic, categorical-256) they are clamped to [0, 1]
 * like the data, as the paper does with a hard tanh. They start near 0.05 with spread 0.01 (the paper's MNIST
 * setting), inside the clamp, so that gradients reach them. KL(q ‖ p_λ) has no closed form: train with estimator A or
 * IWAE.
 */
final class VampPrior implements Prior {
    private final NDArray pseudoInputs;
    private final boolean clampToUnitInterval;
    private final Function<NDArray, DiagonalGaussian> encoder;

    /**
     * @param config the model's config
     * @param vae its VAE fields ({@code pseudoInputs} = K)
     * @param parameters where the pseudo-inputs are created
     * @param encoder q(z|x) of the model
     */
    VampPrior(ModelConfig config, VaeConfig vae, Parameters parameters, Function<NDArray, DiagonalGaussian> encoder) {
        this.pseudoInputs =
                parameters.normal("prior.pseudoInputs", new Shape(vae.pseudoInputs(), config.inputDim()), 0.05f, 0.01f);
        this.clampToUnitInterval = switch (vae.likelihood().kind()) {
            case BERNOULLI, DISCRETIZED_LOGISTIC, CATEGORICAL_256 -> true;
            case GAUSSIAN, MIXED -> false;
        };
        this.encoder = encoder;
    }

    /** @return the posteriors at the pseudo-inputs, means and log-variances each (K, latentDim) */
    private DiagonalGaussian components() {
        NDArray u = clampToUnitInterval ? pseudoInputs.clip(0f, 1f) : pseudoInputs;
        return encoder.apply(u);
    }

    @Override
    public NDArray logProb(NDArray z) {
        DiagonalGaussian q = components();
        return GaussianMixture.logProb(z, q.mean(), q.logVar());
    }

    @Override
    public NDArray sample(NDManager manager, long n) {
        DiagonalGaussian q = components();
        long k = q.mean().getShape().get(0);
        NDArray which = manager.randomInteger(0, k, new Shape(n), DataType.INT64);
        NDArray mean = q.mean().get(which);
        NDArray std = q.std().get(which);
        return manager.randomNormal(mean.getShape()).mul(std).add(mean);
    }

    @Override
    public boolean analyticKl() {
        return false;
    }

    @Override
    public String id() {
        return PriorKind.VAMP.id();
    }
}
