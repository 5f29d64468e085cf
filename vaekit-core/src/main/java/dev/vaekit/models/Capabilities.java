package dev.vaekit.models;

/**
 * What a model can do, as the commands, the explorer, Spark and the exports ask it, instead of testing its class.
 *
 * @param likelihood what it knows of log p(x)
 * @param latentSpace it maps data to codes of {@code latentDim} and back ({@link Model#autoencoder()} is present)
 * @param posteriorSampling its encoder gives a distribution q(z|x) that codes can be drawn from
 * @param prior its draws ({@link Model#sample}) are samples of the model: it has a prior or base density; a plain
 *     autoencoder has none, so its "draws" are decodes of N(0, T²I) codes
 * @param conditional it is conditioned on a one-hot label, which encoding, decoding and sampling need
 * @param autoregressive its decoder is autoregressive over the features: scoring reads x, and each draw takes one
 *     decoder pass per feature
 */
public record Capabilities(
        Likelihood likelihood,
        boolean latentSpace,
        boolean posteriorSampling,
        boolean prior,
        boolean conditional,
        boolean autoregressive) {

    /** What a model knows of its likelihood p(x). */
    public enum Likelihood {
        /** No p(x): a plain autoencoder, trained on the reconstruction of x alone. */
        NONE,
        /** A bound: training maximises the ELBO (or a tighter bound) and log p(x) is estimated by sampling. */
        BOUND,
        /** The exact log p(x) (on 8-bit data, its dequantization bound): a normalizing flow. */
        EXACT
    }

    /** @return whether the model defines p(x), bounded or exact */
    public boolean hasLikelihood() {
        return likelihood != Likelihood.NONE;
    }
}
