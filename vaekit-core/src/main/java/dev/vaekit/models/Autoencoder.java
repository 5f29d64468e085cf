package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import dev.vaekit.InvalidInputException;
import java.util.List;

/**
 * A model's two maps between data and codes of {@code latentDim}: an encoder x ↦ z and a decoder z ↦ p(x|z), as
 * {@link Model#autoencoder()} gives them. The {@link Vae} and the {@link PlainAutoencoder} have them; a stand-alone
 * flow has none (its codes have the data's size). What differs between the two is what the encoder's output means:
 *
 * <ul>
 *   <li>a VAE's encoder gives a distribution q(z|x), its codes have a prior p(z), so it defines a likelihood
 *       p(x) = ∫ p(x|z) p(z) dz, a bound on it (the ELBO), and samples (decode z ~ p(z));
 *   <li>a plain autoencoder's encoder gives one code z = enc(x) and there is no prior ({@link #latentPrior()} is empty), so
 *       it defines no p(x); decoding a draw of N(0, I) is decoding a code it may never have seen.
 * </ul>
 */
public interface Autoencoder {

    /** @return the model's config */
    ModelConfig config();

    /** @return the trainable tensors */
    dev.vaekit.nn.Parameters parameters();

    /** @return the observation model p(x|z) */
    ObservationModel observation();

    /** @return the observation model's config: its distribution and settings */
    LikelihoodConfig likelihoodConfig();

    /** @return p(z), or empty for a model without a prior (a plain autoencoder) */
    java.util.Optional<Prior> latentPrior();

    /**
     * The one code the model assigns to x: the posterior mean μ(x) of a VAE (pushed through its posterior flow, if
     * any), enc(x) of a plain autoencoder.
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
     * One draw z ~ q(z|x) per example (Kingma &amp; Welling 2014, eq. 10), through the posterior flow if there is one,
     * for a model whose encoder gives a distribution ({@link Capabilities#posteriorSampling()}); the noise comes from
     * the engine's seeded generator.
     *
     * @param x data, shape (batch, d)
     * @param condition for a conditional model, the one-hot labels of x; null otherwise
     * @return codes, shape (batch, latentDim)
     * @throws InvalidInputException for a model whose encoder gives one code per example
     */
    default NDArray drawCode(NDArray x, NDArray condition) {
        throw new InvalidInputException("a " + config().modelType().family().noun() + " (" + config().type()
                + ") encodes each example to one code; there is no q(z|x) to sample from");
    }

    /**
     * q(z|x) as the diagonal Gaussian N(μ(x), diag σ²(x)) the encoder network gives, for a model whose posterior is
     * exactly that: a VAE without a posterior flow ({@link #encoderOutputs()} is {@code mu, logvar}). Bits-back coding
     * ({@code dev.vaekit.compress}) discretises it.
     *
     * @param x data, shape (batch, d)
     * @param condition for a conditional model, the one-hot labels of x; null otherwise
     * @return the mean and log-variance, each (batch, latentDim)
     * @throws InvalidInputException for a model whose codes do not have that distribution (a plain autoencoder, a
     *     posterior flow)
     */
    default dev.vaekit.distributions.DiagonalGaussian gaussianPosterior(NDArray x, NDArray condition) {
        throw new InvalidInputException("a " + config().modelType().family().noun() + " (" + config().type()
                + ") encodes each example to one code; it has no Gaussian q(z|x)");
    }

    /**
     * The model's latent layers as a Markov chain of diagonal Gaussians, q(z_1|x) q(z_2|z_1) … and p(x|z_1) p(z_1|z_2)
     * … p(z_L), for a model whose posterior and generative path have exactly that structure: what Bit-Swap codes
     * ({@code dev.vaekit.compress}). The default, for a model without one, is empty.
     *
     * @return the chain, or empty
     */
    default java.util.Optional<GaussianLatentChain> gaussianChain() {
        return java.util.Optional.empty();
    }

    /**
     * @return the number of stochastic layers of latent variables: 1 for a VAE, L for a hierarchical one (whose code
     *     is its top layer)
     */
    default int stochasticLayers() {
        return 1;
    }

    /**
     * KL(q(z_j|x) ‖ N(0, 1)) of each code dimension j, where the posterior is a diagonal Gaussian and the prior N(0, I)
     * (the closed form, Kingma &amp; Welling 2014, appendix B): how much each dimension tells about each example, the
     * usual order of a latent traversal's rows. The default, for a model without such a posterior (a plain or
     * Wasserstein autoencoder, a VAE with a posterior flow or another prior), has none.
     *
     * @param x data, shape (batch, d)
     * @param condition for a conditional model, the one-hot labels of x; null otherwise
     * @return the KL of each example and dimension, shape (batch, latentDim), or empty
     */
    default java.util.Optional<NDArray> klPerDimension(NDArray x, NDArray condition) {
        return java.util.Optional.empty();
    }

    /**
     * @param plural whether several are meant
     * @return what {@link #code} gives, in words: {@code posterior mean} for a VAE, {@code code enc(x)} for a plain
     *     autoencoder
     */
    String codeName(boolean plural);

    /**
     * The names of the encoder network's output blocks, in order, for exports: {@code mu}, {@code logvar} for a VAE's
     * Gaussian posterior, {@code z} for a plain autoencoder.
     *
     * @return the names, the encoder's output splitting into that many equal blocks; empty when the code's
     *     distribution is more than the encoder network's output (a posterior flow), so that an export of the encoder
     *     alone would not be the model's
     */
    List<String> encoderOutputs();

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
}
