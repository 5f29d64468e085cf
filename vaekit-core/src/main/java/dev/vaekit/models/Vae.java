package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;
import dev.vaekit.distributions.DiagonalGaussian;

/**
 * A variational autoencoder (Kingma &amp; Welling 2014): an encoder network giving the diagonal Gaussian
 * q(z|x) = N(μ(x), diag σ²(x)), a prior p(z) (N(0, I), or the VampPrior), and a decoder network giving p(x|z). The
 * networks are dense, convolutional or residual ({@link ModelConfig#type}).
 *
 * <p>Tensor names in {@code weights.safetensors}: {@code encoder.layers.<i>.weight|bias} and {@code encoder.out.*}
 * (the output rows hold μ first, then log σ², so its width is 2·latentDim), {@code decoder.layers.<i>.*},
 * {@code decoder.out.*} (logits, Gaussian mean, the discretized logistic's means and log-scales, with mixture weight
 * logits first for K &gt; 1, or the categorical-256's 256 blocks of d level logits:
 * d·{@link ObservationModel#parametersPerFeature} rows) and, for a learned Gaussian σ, {@code decoder.logSigma}.
 * Convolutional networks name their tensors by stage
 * ({@link dev.vaekit.nn.ConvEncoder}, {@link dev.vaekit.nn.ConvDecoder}); the VampPrior's pseudo-inputs are
 * {@code prior.pseudoInputs}. A {@code pixel-vae} (PixelVAE, Gulrajani et al. 2017) adds its PixelCNN as
 * {@code decoder.pixel.*} ({@link dev.vaekit.nn.PixelCnn}, {@link dev.vaekit.nn.GatedPixelLayer}), and its
 * transposed-convolution decoder then outputs {@code pixelChannels} feature maps instead of p(x|z)'s parameters.
 */
public final class Vae extends EncoderDecoder {
    /** The value of {@code model.type}. */
    public static final String TYPE = "dense-vae";

    private final Prior prior;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param manager parent of the parameters' manager
     */
    public Vae(ModelConfig config, NDManager manager) {
        this(config, null, manager);
    }

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param schema for the {@code mixed} likelihood, the table schema whose columns the decoder models; else null
     * @param manager parent of the parameters' manager
     */
    public Vae(ModelConfig config, TableSchema schema, NDManager manager) {
        super(config, schema, manager, 2 * config.latentDim());
        this.prior = switch (config.prior()) {
            case STANDARD -> new StandardNormalPrior(config.latentDim());
            case VAMP -> new VampPrior(config, parameters(), this::encode);
        };
    }

    /** @return p(z) */
    public Prior prior() {
        return prior;
    }

    /**
     * q(z|x) of an unconditional model.
     *
     * @param x data, shape (batch, d)
     * @return the posterior's mean and log-variance, each (batch, latentDim)
     */
    public DiagonalGaussian encode(NDArray x) {
        return encode(x, null);
    }

    /**
     * q(z|x, c).
     *
     * @param x data, shape (batch, d)
     * @param condition for a conditional model, the one-hot labels c, shape (batch, C); null otherwise
     * @return the posterior's mean and log-variance, each (batch, latentDim)
     */
    public DiagonalGaussian encode(NDArray x, NDArray condition) {
        NDArray out = encoderOutput(x, condition);
        NDList halves = out.split(2, out.getShape().dimension() - 1);
        return new DiagonalGaussian(halves.get(0), halves.get(1));
    }

    /** @return the posterior mean μ(x) */
    @Override
    public NDArray code(NDArray x, NDArray condition) {
        return encode(x, condition).mean();
    }
}
