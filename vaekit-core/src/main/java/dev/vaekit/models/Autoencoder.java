package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;

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
public sealed interface Autoencoder extends Model permits EncoderDecoder {

    /** @return the observation model p(x|z) */
    ObservationModel observation();

    /**
     * The one code the model assigns to x: the posterior mean μ(x) of a VAE, enc(x) of a plain autoencoder.
     *
     * @param x data, shape (batch, d)
     * @param condition for a conditional model, the one-hot labels of x, shape (batch, C) ({@link Conditions});
     *     null otherwise
     * @return codes, shape (batch, latentDim)
     */
    NDArray code(NDArray x, NDArray condition);

    /** {@link #code(NDArray, NDArray)} of an unconditional model. */
    default NDArray code(NDArray x) {
        return code(x, null);
    }

    /**
     * The decoder network: the parameters of p(x|z). An autoregressive decoder (a PixelCNN) gives each feature's
     * distribution given z and the features before it, so it reads the x being scored (teacher forcing); the others
     * ignore x.
     *
     * @param z codes, shape (n, latentDim)
     * @param x for an {@link #autoregressive} decoder, the data whose likelihood is wanted, shape (n, d); else
     *     ignored and may be null
     * @param condition for a conditional model, one-hot labels, shape (n, C); null otherwise
     * @return the parameters of p(x|z) (logits, mean, ...), shape (n, d · parameters per feature)
     */
    NDArray decode(NDArray z, NDArray x, NDArray condition);

    /** {@link #decode(NDArray, NDArray, NDArray)} of an unconditional model. */
    default NDArray decode(NDArray z, NDArray x) {
        return decode(z, x, null);
    }

    /**
     * The decoder network of a model whose decoder is not autoregressive.
     *
     * @param z codes, shape (n, latentDim)
     * @return the parameters of p(x|z), shape (n, d · parameters per feature)
     * @throws IllegalStateException for an autoregressive decoder, which needs x
     */
    default NDArray decode(NDArray z) {
        if (autoregressive()) {
            throw new IllegalStateException(config().type() + " has an autoregressive decoder: decode needs x");
        }
        return decode(z, null, null);
    }

    /**
     * @return whether p(x|z) is autoregressive over the features (a PixelCNN decoder), so that scoring needs x and
     *     drawing needs one decoder pass per feature
     */
    default boolean autoregressive() {
        return false;
    }

    /**
     * What one decoded example costs in memory, for sizing evaluation passes: the floats that {@link #decode} holds per
     * example until its scope closes, its output and, for a PixelCNN decoder, the feature maps of its layers.
     *
     * @return an upper estimate, in floats
     */
    long decoderFloatsPerExample();

    /**
     * The example each code stands for: E[x|z] when the decoder factorises over features, a sample drawn feature by
     * feature when it is autoregressive (whose mean has no closed form).
     *
     * @param z codes, shape (n, latentDim)
     * @param condition for a conditional model, the one-hot class to draw, shape (n, C); null otherwise
     * @return examples, shape (n, d), in the data's units
     */
    NDArray render(NDArray z, NDArray condition);

    /** {@link #render(NDArray, NDArray)} of an unconditional model. */
    default NDArray render(NDArray z) {
        return render(z, null);
    }

    /**
     * Builds the model a config names, with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param manager parent of the parameters' manager
     * @return a {@link Vae} for a {@code -vae} type, a {@link PlainAutoencoder} for an {@code -ae} type
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
     * @return a {@link Vae} for a {@code -vae} type, a {@link PlainAutoencoder} for an {@code -ae} type
     */
    static Autoencoder create(ModelConfig config, TableSchema schema, NDManager manager) {
        return config.plainAutoencoder()
                ? new PlainAutoencoder(config, schema, manager)
                : new Vae(config, schema, manager);
    }
}
