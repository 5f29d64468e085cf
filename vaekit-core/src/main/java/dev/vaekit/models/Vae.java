package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.nn.Mlp;
import dev.vaekit.nn.Parameters;

/**
 * A variational autoencoder (Kingma &amp; Welling 2014) with dense networks: an encoder giving the diagonal Gaussian
 * q(z|x) = N(μ(x), diag σ²(x)), the prior p(z) = N(0, I), and a decoder giving p(x|z).
 *
 * <p>Tensor names in {@code weights.safetensors}: {@code encoder.layers.<i>.weight|bias} and {@code encoder.out.*}
 * (the output rows hold μ first, then log σ², so its width is 2·latentDim), {@code decoder.layers.<i>.*},
 * {@code decoder.out.*} (logits, Gaussian mean, or the discretized logistic's means and log-scales, with mixture
 * weight logits first for K &gt; 1: d·{@link ObservationModel#parametersPerFeature} rows) and, for a learned
 * Gaussian σ, {@code decoder.logSigma}.
 */
public final class Vae implements Autoencoder {
    /** The value of {@code model.type}. */
    public static final String TYPE = "dense-vae";

    private final ModelConfig config;
    private final Parameters parameters;
    private final Mlp encoder;
    private final Mlp decoder;
    private final ObservationModel observation;

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
        this.config = config;
        this.parameters = new Parameters(manager);
        this.encoder = DenseNetworks.encoder(parameters, config, 2 * config.latentDim());
        this.decoder = DenseNetworks.decoder(parameters, config);
        this.observation = ObservationModel.create(config, schema, parameters);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    @Override
    public ObservationModel observation() {
        return observation;
    }

    /**
     * q(z|x).
     *
     * @param x data, shape (batch, d)
     * @return the posterior's mean and log-variance, each (batch, latentDim)
     */
    public DiagonalGaussian encode(NDArray x) {
        NDArray out = encoder.forward(x);
        NDList halves = out.split(2, out.getShape().dimension() - 1);
        return new DiagonalGaussian(halves.get(0), halves.get(1));
    }

    /** @return the posterior mean μ(x) */
    @Override
    public NDArray code(NDArray x) {
        return encode(x).mean();
    }

    @Override
    public NDArray decode(NDArray z) {
        return decoder.forward(z);
    }

    @Override
    public void close() {
        parameters.close();
    }
}
