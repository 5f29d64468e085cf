package dev.vaekit.compress.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.compress.GaussianPosterior;
import dev.vaekit.compress.LatentChainModel;
import dev.vaekit.compress.LatentVariableModel;
import dev.vaekit.compress.ObservationModel;
import dev.vaekit.distributions.Categorical256;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.LikelihoodConfig;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.Model;
import dev.vaekit.models.Prior;
import java.util.Arrays;
import java.util.List;

/**
 * A trained vaekit VAE as the {@link LatentVariableModel} that BB-ANS codes with, through the model contract: its
 * {@link Autoencoder} view gives q(z|x) ({@link Autoencoder#gaussianPosterior}), the decoder network and the
 * observation model's layout. Supported: the standard normal prior, a diagonal Gaussian posterior (no posterior flow),
 * an unconditional model, and p(x|z) Bernoulli (binary images, features 0 and 1), the 8-bit discretized logistic
 * mixture or the categorical-256 (grey levels 0 to 255), factorised or autoregressive (the PixelCNN decoder of a
 * {@code pixel-vae}). {@link #of} refuses anything else in one line saying why.
 *
 * <p>Determinism. The decoder must get the encoder's numbers bit for bit, and a network's floating-point result can
 * depend on how its sums are split between threads and on the batch it is part of. So every evaluation here is of one
 * example (a batch of 1), with {@value #THREADS} intra-op thread of libtorch on the calling thread and autograd off
 * (both restored afterwards), whatever {@code --threads} says; the inputs are the same on both sides by construction
 * (the example's features as the data's floats, the buckets' centres cast to float32), so the same engine build on
 * the same kind of CPU gives the same outputs, which {@link dev.vaekit.compress.ParameterGrid} then rounds. The
 * PixelCNN decoder is evaluated, for feature i, on the image with features i … D−1 set to 0 on both sides (not on the
 * whole image when encoding), so that encoder and decoder feed it the very same tensor; consecutive features whose
 * prefixes agree (a run of zeros) share one pass. A model that nevertheless computes differently (another CPU, another
 * libtorch) is caught by the decoder's final checks and refused, never returns wrong data.
 *
 * <p>Not thread-safe: one coder at a time.
 */
public final class VaeCodingModel implements LatentVariableModel, ImageCodingModel {
    /** libtorch intra-op threads of every evaluation, fixed so that encoder and decoder compute alike. */
    public static final int THREADS = 1;

    private final Autoencoder model;
    private final LikelihoodKind likelihood;
    private final int components;
    private final int latent;
    private final int features;
    private final int alphabet;
    private final boolean autoregressive;
    private final NDManager manager;
    private final String description;
    private final LatentChainModel chain = LatentChainModel.oneLayer(this);
    private long passes;

    private VaeCodingModel(Autoencoder model, String description) {
        this.model = model;
        this.description = description;
        LikelihoodConfig config = model.likelihoodConfig();
        this.likelihood = config.kind();
        this.components = config.mixtureComponents();
        this.latent = model.config().latentDim();
        this.features = model.config().inputDim();
        this.alphabet = likelihood == LikelihoodKind.BERNOULLI ? 2 : Categorical256.LEVELS;
        this.autoregressive = model.autoregressive();
        this.manager = model.parameters().manager();
    }

    /**
     * @param model a trained model
     * @return the model as BB-ANS sees it
     * @throws InvalidInputException in one line saying why, for a model this coder cannot code: one without a latent
     *     space (a flow) or without a prior (a plain autoencoder), a prior other than N(0, I), a posterior flow, a
     *     conditional model, or a likelihood over real values
     */
    public static VaeCodingModel of(Model model) {
        String what = describe(model);
        Autoencoder ae = model.autoencoder()
                .orElseThrow(() -> new InvalidInputException("bits-back coding needs a VAE; " + what
                        + " has no latent variables to code with (its codes have the data's size)"));
        Prior prior = ae.latentPrior()
                .orElseThrow(() -> new InvalidInputException("bits-back coding needs a VAE; " + what
                        + " has no prior p(z) and no posterior q(z|x), so there are no bits to get back"));
        if (!prior.standardNormal()) {
            throw new InvalidInputException("bits-back coding codes z in buckets of equal mass under N(0, I); " + what
                    + " has the " + prior.id() + " prior, which this coder does not discretise: use the standard "
                    + "prior");
        }
        if (!ae.encoderOutputs().equals(List.of("mu", "logvar"))) {
            int layers = ae.stochasticLayers();
            if (layers > 1 && ae.gaussianChain().isPresent()) {
                throw new InvalidInputException("this coder codes one latent layer; " + what + " has " + layers
                        + ", a Markov chain that VaeChainCodingModel codes (Bit-Swap)");
            }
            if (layers > 1) {
                throw new InvalidInputException("bits-back coding of several latent layers needs them as a bottom-up "
                        + "Markov chain q(z_1|x) q(z_2|z_1) ... (Bit-Swap); " + what + " has " + layers + " latent "
                        + "layers whose posterior is not such a chain (a dense-ladder-vae has one with "
                        + "model.inference: bottom-up)");
            }
            throw new InvalidInputException("bits-back coding needs a diagonal Gaussian q(z|x); " + what
                    + " pushes its posterior through a posterior flow");
        }
        checkCodable(model, ae, what);
        return new VaeCodingModel(ae, what);
    }

    /** @return the model in words for messages: {@code a VAE (dense-vae)} */
    static String describe(Model model) {
        return "a " + model.config().modelType().family().noun() + " ("
                + model.config().type() + ")";
    }

    /**
     * Refuses what no bits-back coder here codes: a conditional model, a likelihood over real values.
     *
     * @throws InvalidInputException in one line saying why
     */
    static void checkCodable(Model model, Autoencoder ae, String what) {
        if (model.capabilities().conditional()) {
            throw new InvalidInputException("bits-back coding of a conditional model would have to code the labels "
                    + "too; " + what + " is conditioned on " + model.config().conditionClasses()
                    + " classes, which this coder does not do");
        }
        LikelihoodKind kind = ae.likelihoodConfig().kind();
        if (kind != LikelihoodKind.BERNOULLI && !kind.eightBit()) {
            throw new InvalidInputException("lossless coding needs a likelihood over discrete values (bernoulli for "
                    + "binary images, discretized-logistic or categorical-256 for 8-bit ones); " + what + " has "
                    + kind.id() + ", a density over real values");
        }
    }

    /** @return the model with its one latent layer, as the chain BB-ANS codes */
    @Override
    public LatentChainModel chain() {
        return chain;
    }

    /** @return false: one latent layer, coded by BB-ANS */
    @Override
    public boolean offersChain() {
        return false;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int latentDimension() {
        return latent;
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

    /** @return an example's shape (channels, height, width), as the model takes it */
    @Override
    public int[] shape() {
        return model.config().inputShape().stream().mapToInt(Integer::intValue).toArray();
    }

    /** @return the network passes made so far (encoder and decoder, each counted once) */
    @Override
    public long passes() {
        return passes;
    }

    /**
     * @param symbol a feature's value in [0, alphabetSize)
     * @return the value the network sees: 0 or 1 for binary data, symbol/255 for 8-bit data (as vaekit reads pictures)
     */
    public float value(int symbol) {
        return value(symbol, alphabet);
    }

    /** The value the network sees for a symbol of an alphabet of 2 (itself) or 256 (symbol/255). */
    static float value(int symbol, int alphabet) {
        return alphabet == 2 ? symbol : symbol / 255f;
    }

    @Override
    public GaussianPosterior posterior(int[] example) {
        passes++;
        try (NetworkPass ignored = new NetworkPass()) {
            DiagonalGaussian q = model.gaussianPosterior(input(example), null);
            return GaussianPosterior.of(q.mean().toFloatArray(), q.logVar().toFloatArray());
        }
    }

    @Override
    public ObservationModel likelihood(double[] z) {
        float[] code = new float[z.length];
        for (int d = 0; d < z.length; d++) {
            code[d] = (float) z[d];
        }
        if (!autoregressive) {
            return layout(decode(code, null));
        }
        return new PixelObservation(code);
    }

    /** One decoder pass: the parameters of p(x|z) of every feature, given x for an autoregressive decoder. */
    private float[] decode(float[] code, int[] x) {
        passes++;
        try (NetworkPass ignored = new NetworkPass()) {
            NDArray z = Tensors.create(manager, code, new Shape(1, latent));
            return model.decode(z, x == null ? null : input(x), null).toFloatArray();
        }
    }

    /** The example as the network's input, shape (1, D). */
    private NDArray input(int[] example) {
        return input(manager, example, alphabet);
    }

    /** An example as a network's input, shape (1, D), its features as the data's floats. */
    static NDArray input(NDManager manager, int[] example, int alphabet) {
        float[] values = new float[example.length];
        for (int i = 0; i < example.length; i++) {
            values[i] = value(example[i], alphabet);
        }
        return Tensors.create(manager, values, new Shape(1, example.length));
    }

    /** Reads one example's decoder output in the observation model's layout ({@code models.ObservationModel}). */
    private ObservationModel layout(float[] out) {
        return layout(out, likelihood, components, features);
    }

    /**
     * Reads one example's decoder output in the observation model's layout ({@code models.ObservationModel}).
     *
     * @param out the decoder's output for one example
     * @param likelihood p(x|z)'s kind: bernoulli, discretized-logistic or categorical-256
     * @param components the logistic mixture's components K
     * @param features D
     * @return p(x|z)
     */
    static ObservationModel layout(float[] out, LikelihoodKind likelihood, int components, int features) {
        return switch (likelihood) {
            case BERNOULLI -> ObservationModel.bernoulli(out);
            case CATEGORICAL_256 -> ObservationModel.categorical(out, Categorical256.LEVELS);
            case DISCRETIZED_LOGISTIC -> {
                if (components == 1) { // the D means, then the D log-scales; one component has weight 1
                    yield ObservationModel.logisticMixture(
                            new float[features],
                            Arrays.copyOfRange(out, 0, features),
                            Arrays.copyOfRange(out, features, 2 * features),
                            1);
                }
                int block = components * features; // K·D weight logits, then K·D means, then K·D log-scales
                yield ObservationModel.logisticMixture(
                        Arrays.copyOfRange(out, 0, block),
                        Arrays.copyOfRange(out, block, 2 * block),
                        Arrays.copyOfRange(out, 2 * block, 3 * block),
                        components);
            }
            case GAUSSIAN, MIXED -> throw new IllegalStateException("refused by of()");
        };
    }

    /**
     * p(x_i | x_&lt;i, z) of a PixelCNN decoder: feature i's parameters come from a pass over the image whose
     * features i … D−1 are 0 (its prefix x_&lt;i), on both sides. The last pass is kept and reused while the prefix
     * asked for is the same image (its earlier features equal, its later ones 0).
     */
    private final class PixelObservation implements ObservationModel {
        private final float[] code;
        private final int[] passInput = new int[features];
        private int passEnd = -1; // passInput holds x_<passEnd and zeros; -1: no pass yet
        private ObservationModel passOutput;

        PixelObservation(float[] code) {
            this.code = code;
        }

        @Override
        public dev.vaekit.compress.FeatureDistribution feature(int index, int[] example) {
            if (!samePrefix(index, example)) {
                System.arraycopy(example, 0, passInput, 0, index);
                Arrays.fill(passInput, index, features, 0);
                passEnd = index;
                passOutput = layout(decode(code, passInput));
            }
            return passOutput.feature(index, example);
        }

        /** Whether the last pass's input is example's prefix x_&lt;index followed by zeros. */
        private boolean samePrefix(int index, int[] example) {
            if (passEnd < 0) {
                return false;
            }
            for (int i = 0; i < index; i++) {
                if (passInput[i] != example[i]) {
                    return false;
                }
            }
            for (int i = index; i < passEnd; i++) {
                if (passInput[i] != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
