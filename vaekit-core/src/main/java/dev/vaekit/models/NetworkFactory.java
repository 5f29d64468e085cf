package dev.vaekit.models;

import dev.vaekit.nn.Network;
import dev.vaekit.nn.Parameters;

/**
 * Builds a model's encoder and decoder networks. vaekit's own ({@link #STANDARD}) follow {@code model.network} and
 * {@code model.hidden}: multi-layer perceptrons, or strided convolutions with residual blocks. A library user may pass
 * networks of their own to a {@link Vae} or {@link PlainAutoencoder} (a vaekit {@link Network}, or a DJL block through
 * {@link dev.vaekit.nn.BlockNetwork}) and train them with vaekit's objectives; see docs/java-api.md for what reloading
 * such a model needs.
 *
 * <p>Every parameter must be created in the given {@link Parameters} (the optimiser, the checkpoints and the weight
 * averaging see only those), under the prefixes {@code encoder.} and {@code decoder.}. The encoder is built first.
 */
public interface NetworkFactory {

    /**
     * @param parameters where the network's parameters are created
     * @param config the model's config (input shape, latent size, condition classes, ...)
     * @param outputs width of the encoder's output: 2·latentDim for a VAE's Gaussian (μ first, then log σ²),
     *     latentDim for a plain autoencoder, more with a posterior flow's context
     * @return the encoder; a conditional model's encoder reads x joined to its one-hot label, (batch, d + C)
     */
    Network encoder(Parameters parameters, ModelConfig config, int outputs);

    /**
     * @param parameters where the network's parameters are created
     * @param config the model's config
     * @param outputsPerFeature the decoder's outputs per feature of x (1 for a Bernoulli logit or a Gaussian mean,
     *     more for the 8-bit likelihoods, or a PixelVAE's feature channels)
     * @return the decoder from z (joined to a conditional model's one-hot label), (batch, latentDim + C), to
     *     (batch, inputDim · outputsPerFeature)
     */
    Network decoder(Parameters parameters, ModelConfig config, int outputsPerFeature);

    /** vaekit's networks, as {@code model.network} and {@code model.hidden} describe them. */
    NetworkFactory STANDARD = new NetworkFactory() {
        @Override
        public Network encoder(Parameters parameters, ModelConfig config, int outputs) {
            return Networks.encoder(parameters, config, outputs);
        }

        @Override
        public Network decoder(Parameters parameters, ModelConfig config, int outputsPerFeature) {
            return Networks.decoder(parameters, config, outputsPerFeature);
        }
    };
}
