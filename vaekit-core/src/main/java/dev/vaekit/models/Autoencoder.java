package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.TableSchema;
import dev.vaekit.nn.Parameters;

/**
 * A trained pair of maps between data and codes: an encoder x ↦ z and a decoder z ↦ p(x|z). Two kinds exist, and
 * the difference between them is the point of having both:
 *
 * <ul>
 *   <li>the {@link Vae}: its encoder gives a distribution q(z|x), its codes have a prior p(z) = N(0, I), so it defines
 *       a likelihood p(x) = ∫ p(x|z) p(z) dz, a bound on it (the ELBO), and samples (decode z ~ p(z));
 *   <li>the {@link PlainAutoencoder}: its encoder gives one code z = enc(x) and there is no prior, so it defines no
 *       p(x); decoding a draw of N(0, I) is decoding a code it may never have seen.
 * </ul>
 *
 * What needs a likelihood (importance sampling, the ELBO, anomaly scores) takes a {@link Vae}; what only encodes,
 * decodes and trains takes an Autoencoder.
 */
public sealed interface Autoencoder extends AutoCloseable permits DenseAutoencoder {

    /** @return the config the model was built from */
    ModelConfig config();

    /** @return the trainable tensors */
    Parameters parameters();

    /** @return the observation model p(x|z) */
    ObservationModel observation();

    /**
     * The one code the model assigns to x: the posterior mean μ(x) of a VAE, enc(x) of a plain autoencoder.
     *
     * @param x data, shape (batch, d)
     * @return codes, shape (batch, latentDim)
     */
    NDArray code(NDArray x);

    /**
     * The decoder network.
     *
     * @param z codes, shape (n, latentDim)
     * @return the parameters of p(x|z) (logits or mean), shape (n, d)
     */
    NDArray decode(NDArray z);

    /** Frees the parameters. */
    @Override
    void close();

    /**
     * Builds the model a config names, with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param manager parent of the parameters' manager
     * @return a {@link Vae} for {@code dense-vae}, a {@link PlainAutoencoder} for {@code dense-ae}
     */
    static Autoencoder create(ModelConfig config, NDManager manager) {
        return create(config, null, manager);
    }

    /**
     * Builds the model a config names, with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param schema for the {@code mixed} likelihood, the table schema whose columns the decoder models; else null
     * @param manager parent of the parameters' manager
     * @return a {@link Vae} for {@code dense-vae}, a {@link PlainAutoencoder} for {@code dense-ae}
     */
    static Autoencoder create(ModelConfig config, TableSchema schema, NDManager manager) {
        return switch (config.type()) {
            case Vae.TYPE -> new Vae(config, schema, manager);
            case PlainAutoencoder.TYPE -> new PlainAutoencoder(config, schema, manager);
            default -> throw new InvalidInputException(
                    "model.type: unknown model '" + config.type() + "'; expected one of " + ModelConfig.TYPES);
        };
    }
}
