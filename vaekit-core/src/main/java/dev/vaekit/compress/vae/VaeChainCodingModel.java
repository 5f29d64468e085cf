package dev.vaekit.compress.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.compress.GaussianPosterior;
import dev.vaekit.compress.LatentChainModel;
import dev.vaekit.compress.ObservationModel;
import dev.vaekit.distributions.Categorical256;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.GaussianLatentChain;
import dev.vaekit.models.LikelihoodConfig;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.Model;
import java.util.List;

/**
 * A trained vaekit model whose latent layers form a Markov chain of diagonal Gaussians (a {@code dense-ladder-vae}
 * with {@code model.inference: bottom-up}, Burda et al. 2015's two-layer model among them) as the {@link
 * LatentChainModel} that Bit-Swap codes with (Kingma, Abbeel &amp; Ho 2019), through the model contract alone: the
 * model offers the chain ({@link Autoencoder#gaussianChain()}), whose networks give q(z_1|x), q(z_{l+1}|z_l),
 * p(z_l|z_{l+1}) and the parameters of p(x|z_1), read in the observation model's layout as {@link VaeCodingModel}
 * reads a VAE's. Supported: an unconditional model with a factorised p(x|z_1) that is Bernoulli (binary images) or
 * 8-bit (discretized logistic mixture, categorical-256).
 *
 * <p>Determinism, as {@link VaeCodingModel}: every pass is of one example (a batch of 1) on the calling thread with
 * {@value VaeCodingModel#THREADS} libtorch intra-op thread and autograd off; the inputs are the same on both sides by
 * construction (the example's features as the data's floats, the buckets' centres cast to float32).
 *
 * <p>Not thread-safe: one coder at a time.
 */
public final class VaeChainCodingModel implements LatentChainModel, ImageCodingModel {
    private final Autoencoder model;
    private final GaussianLatentChain chain;
    private final int[] sizes;
    private final LikelihoodKind likelihood;
    private final int components;
    private final int features;
    private final int alphabet;
    private final NDManager manager;
    private final String description;
    private long passes;

    private VaeChainCodingModel(Autoencoder model, GaussianLatentChain chain, String description) {
        this.model = model;
        this.chain = chain;
        this.sizes = chain.layerDims().stream().mapToInt(Integer::intValue).toArray();
        LikelihoodConfig config = model.likelihoodConfig();
        this.likelihood = config.kind();
        this.components = config.mixtureComponents();
        this.features = model.config().inputDim();
        this.alphabet = likelihood == LikelihoodKind.BERNOULLI ? 2 : Categorical256.LEVELS;
        this.manager = model.parameters().manager();
        this.description = description;
    }

    /**
     * @param model a trained model
     * @return the model as Bit-Swap sees it
     * @throws InvalidInputException in one line saying why, for a model this coder cannot code: one without a Markov
     *     chain of Gaussian latent layers, a conditional model, an autoregressive decoder, or a likelihood over real
     *     values
     */
    public static VaeChainCodingModel of(Model model) {
        String what = VaeCodingModel.describe(model);
        Autoencoder ae = model.autoencoder()
                .orElseThrow(() -> new InvalidInputException("bits-back coding needs latent variables; " + what
                        + " has none to code with (its codes have the data's size)"));
        GaussianLatentChain chain = ae.gaussianChain()
                .orElseThrow(() -> new InvalidInputException("Bit-Swap needs latent layers that form a bottom-up "
                        + "Markov chain q(z_1|x) q(z_2|z_1) ... (a dense-ladder-vae with model.inference: bottom-up); "
                        + what + " has " + ae.stochasticLayers() + " latent layer"
                        + (ae.stochasticLayers() == 1 ? "" : "s") + " and no such chain"));
        VaeCodingModel.checkCodable(model, ae, what);
        if (ae.autoregressive()) {
            throw new InvalidInputException(
                    "Bit-Swap here needs a factorised p(x|z_1); " + what + " has an autoregressive decoder");
        }
        List<Integer> dims = chain.layerDims();
        if (dims.isEmpty() || dims.stream().anyMatch(d -> d < 1)) {
            throw new IllegalStateException(what + " offers a chain of layers " + dims);
        }
        return new VaeChainCodingModel(ae, chain, what);
    }

    @Override
    public int[] layerSizes() {
        return sizes.clone();
    }

    @Override
    public int featureCount() {
        return features;
    }

    /** @return 2 for a Bernoulli decoder (features 0 and 1), 256 for an 8-bit one (grey levels) */
    @Override
    public int alphabetSize() {
        return alphabet;
    }

    @Override
    public int[] shape() {
        return model.config().inputShape().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public long passes() {
        return passes;
    }

    /** @return this model: it is the chain */
    @Override
    public LatentChainModel chain() {
        return this;
    }

    /** @return true */
    @Override
    public boolean offersChain() {
        return true;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public GaussianPosterior posterior(int[] example) {
        if (example.length != features) {
            throw new IllegalArgumentException("an example has " + features + " features, got " + example.length);
        }
        passes++;
        try (NetworkPass ignored = new NetworkPass()) {
            return gaussian(chain.posterior(0, VaeCodingModel.input(manager, example, alphabet)));
        }
    }

    @Override
    public GaussianPosterior layerPosterior(int layer, double[] below) {
        if (layer < 1 || layer >= sizes.length) {
            throw new IllegalArgumentException(
                    "a layer with a posterior given the one below is in [1, " + sizes.length + "), got " + layer);
        }
        passes++;
        try (NetworkPass ignored = new NetworkPass()) {
            return gaussian(chain.posterior(layer, latent(below, layer - 1)));
        }
    }

    @Override
    public GaussianPosterior layerPrior(int layer, double[] above) {
        if (layer < 0 || layer >= sizes.length - 1) {
            throw new IllegalArgumentException(
                    "a layer with a conditional prior is in [0, " + (sizes.length - 1) + "), got " + layer);
        }
        passes++;
        try (NetworkPass ignored = new NetworkPass()) {
            return gaussian(chain.prior(layer, latent(above, layer + 1)));
        }
    }

    @Override
    public ObservationModel likelihood(double[] bottom) {
        float[] out;
        passes++;
        try (NetworkPass ignored = new NetworkPass()) {
            out = chain.decode(latent(bottom, 0)).toFloatArray();
        }
        return VaeCodingModel.layout(out, likelihood, components, features);
    }

    /** A layer's values (bucket centres) as the network's input, cast to float32, shape (1, d). */
    private NDArray latent(double[] values, int layer) {
        if (values.length != sizes[layer]) {
            throw new IllegalArgumentException(
                    "latent layer " + (layer + 1) + " has " + sizes[layer] + " coordinates, got " + values.length);
        }
        float[] code = new float[values.length];
        for (int d = 0; d < values.length; d++) {
            code[d] = (float) values[d];
        }
        return Tensors.create(manager, code, new Shape(1, code.length));
    }

    private static GaussianPosterior gaussian(DiagonalGaussian g) {
        return GaussianPosterior.of(g.mean().toFloatArray(), g.logVar().toFloatArray());
    }
}
