package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;

/**
 * A plain, deterministic autoencoder with the dense VAE's networks: the encoder maps x to one code z = enc(x) in
 * ℝ^latentDim, the decoder gives p(x|z) through the same observation models (Bernoulli logits or a Gaussian mean),
 * and training minimises the reconstruction negative log-likelihood −log p(x | z = enc(x)) — for a Bernoulli decoder
 * the binary cross-entropy, for a fixed-σ Gaussian the squared error scaled by 1/(2σ²) plus a constant. No noise, no
 * KL term, no prior: nothing pulls the codes towards N(0, I), so decoding draws of N(0, I) does not sample anything
 * (the contrast that {@code vaekit compare ae-vs-vae} shows).
 *
 * <p>Tensor names in {@code weights.safetensors} are the {@link Vae}'s, except that {@code encoder.out} is latentDim
 * wide (it gives z itself).
 */
public final class PlainAutoencoder extends EncoderDecoder {
    /** The value of {@code model.type}. */
    public static final String TYPE = "dense-ae";

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param manager parent of the parameters' manager
     */
    public PlainAutoencoder(ModelConfig config, NDManager manager) {
        this(config, null, manager);
    }

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param schema for the {@code mixed} likelihood, the table schema whose columns the decoder models; else null
     * @param manager parent of the parameters' manager
     */
    public PlainAutoencoder(ModelConfig config, TableSchema schema, NDManager manager) {
        super(config, schema, manager, config.latentDim());
    }

    /**
     * The encoder.
     *
     * @param x data, shape (batch, d)
     * @return z = enc(x), shape (batch, latentDim)
     */
    public NDArray encode(NDArray x) {
        return encoderOutput(x, null);
    }

    /** @return z = enc(x) (joined to its condition for a conditional model) */
    @Override
    public NDArray code(NDArray x, NDArray condition) {
        return encoderOutput(x, condition);
    }
}
