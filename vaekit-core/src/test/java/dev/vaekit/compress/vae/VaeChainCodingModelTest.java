package dev.vaekit.compress.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.compress.BbAnsSettings;
import dev.vaekit.compress.CodingScheme;
import dev.vaekit.compress.CompressedFile;
import dev.vaekit.compress.GaussianPosterior;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.GaussianLatentChain;
import dev.vaekit.models.LadderInference;
import dev.vaekit.models.LadderVaeConfig;
import dev.vaekit.models.LikelihoodConfig;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.NvaeConfig;
import dev.vaekit.nn.ActivationKind;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A model whose latent layers form a Markov chain (the bottom-up ladder VAE) as Bit-Swap's model, through the model
 * contract: exact round trips with both schemes on the trained fixture ({@link TrainedChainVae}) and on deeper chains
 * and 8-bit likelihoods at their seeded initial weights, the conditionals against the model's own networks, the scheme
 * chosen by what the model offers, determinism across runs and thread counts, and the models it refuses, each in one
 * line.
 */
class VaeChainCodingModelTest {
    private static final byte[] HASH = {4, 5, 6};

    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(5);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** A bottom-up ladder VAE on 1 × h × w images with the given layers (top last) and likelihood. */
    static ModelConfig chain(int h, int w, LikelihoodKind kind, LadderInference inference, int... dims) {
        List<Integer> lower = new java.util.ArrayList<>();
        List<Integer> widths = new java.util.ArrayList<>();
        for (int l = 0; l + 1 < dims.length; l++) {
            lower.add(dims[l]);
            widths.add(6);
        }
        return ModelConfig.builder("dense-ladder-vae")
                .inputShape(1, h, w)
                .latentDim(dims[dims.length - 1])
                .hidden(8)
                .activation(ActivationKind.TANH)
                .family(new LadderVaeConfig(
                        LikelihoodConfig.builder()
                                .kind(kind)
                                .mixtureComponents(kind == LikelihoodKind.DISCRETIZED_LOGISTIC ? 2 : 1)
                                .build(),
                        lower,
                        widths,
                        1,
                        inference))
                .build();
    }

    /** n random examples of the model's shape; 8-bit ones mostly dark, as pictures are. */
    static ImageSymbols randomImages(ImageCodingModel model, int n, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        byte[] values = new byte[n * model.featureCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte)
                    (model.alphabetSize() == 2 ? random.nextInt(2) : random.nextInt(3) == 0 ? random.nextInt(256) : 0);
        }
        return new ImageSymbols(model.shape(), model.alphabetSize(), values);
    }

    private static void assertRoundTrip(ImageCodingModel model, ImageSymbols images, CodingScheme scheme) {
        VaeCompression.Compressed file = VaeCompression.compress(model, images, HASH, BbAnsSettings.DEFAULT, scheme);
        VaeCompression.Decompressed back = VaeCompression.decompress(file.bytes(), "c.vbb", model, HASH);
        assertThat(back.images().values()).as("%s", scheme).isEqualTo(images.values());
        assertThat(back.header().scheme()).isEqualTo(scheme);
        assertThat(back.header().layerSizes()).containsExactly(model.chain().layerSizes());
    }

    @Test
    void theTrainedModelRoundTripsExactlyWithBothSchemes() {
        ImageCodingModel model = ImageCodingModel.of(TrainedChainVae.model());
        assertThat(model).isInstanceOf(VaeChainCodingModel.class);
        assertThat(model.chain().layerSizes()).containsExactly(TrainedChainVae.LAYERS);
        assertThat(model.defaultScheme()).isEqualTo(CodingScheme.BIT_SWAP);
        ImageSymbols images = TrainedChainVae.testImages(12);
        for (CodingScheme scheme : CodingScheme.values()) {
            assertRoundTrip(model, images, scheme);
        }
    }

    @Test
    void deeperChainsAndEightBitLikelihoodsRoundTrip() {
        Object[][] cases = {
            {LikelihoodKind.BERNOULLI, new int[] {5, 3, 2}},
            {LikelihoodKind.DISCRETIZED_LOGISTIC, new int[] {4, 2}},
            {LikelihoodKind.CATEGORICAL_256, new int[] {3, 3}},
            {LikelihoodKind.BERNOULLI, new int[] {3}}
        };
        for (Object[] c : cases) {
            LikelihoodKind kind = (LikelihoodKind) c[0];
            int[] dims = (int[]) c[1];
            try (Model network = Model.create(chain(3, 4, kind, LadderInference.BOTTOM_UP, dims), null, manager)) {
                ImageCodingModel model = ImageCodingModel.of(network);
                ImageSymbols images = randomImages(model, 5, dims.length);
                for (CodingScheme scheme : CodingScheme.values()) {
                    assertRoundTrip(model, images, scheme);
                }
            }
        }
    }

    @Test
    void theConditionalsAreTheModelsOwnNetworks() {
        Model network = TrainedChainVae.model();
        VaeChainCodingModel model = VaeChainCodingModel.of(network);
        GaussianLatentChain chain = network.requireAutoencoder().gaussianChain().orElseThrow();
        int[] x = TrainedChainVae.testImages(1).example(0);
        float[] xs = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            xs[i] = x[i];
        }
        double[] z1 = {0.1, -0.4, 0.9, 1.3, -2, 0.05, 0.7, -0.2, 0.4, 0, -0.9, 1.1, 0.2, -0.3, 0.6, -1.5};
        double[] z2 = {0.3, -1.1, 0.5, 0.8, -0.6, 0.1};
        assertSame(model.posterior(x), chain.posterior(0, Fixtures.array(manager, xs, 1, x.length)));
        assertSame(model.layerPosterior(1, z1), chain.posterior(1, floats(z1)));
        assertSame(model.layerPrior(0, z2), chain.prior(0, floats(z2)));
        float[] logits = chain.decode(floats(z1)).toFloatArray();
        for (int i = 0; i < x.length; i += 97) {
            assertThat(((dev.vaekit.compress.FeatureDistribution.Bernoulli)
                                    model.likelihood(z1).feature(i, x))
                            .logit())
                    .isEqualTo(logits[i]);
        }
        assertThatThrownBy(() -> model.layerPosterior(0, z1)).hasMessageContaining("[1, 2)");
        assertThatThrownBy(() -> model.layerPrior(1, z2)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> model.layerPrior(0, z1)).hasMessageContaining("latent layer 2 has 6 coordinates");
    }

    private NDArray floats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Fixtures.array(manager, f, 1, f.length);
    }

    private static void assertSame(GaussianPosterior coded, DiagonalGaussian network) {
        float[] mean = network.mean().toFloatArray();
        float[] logVar = network.logVar().toFloatArray();
        assertThat(coded.mean()).hasSize(mean.length);
        for (int d = 0; d < mean.length; d++) {
            assertThat(coded.mean()[d]).isEqualTo(mean[d]);
            assertThat(coded.logVariance()[d]).isEqualTo(logVar[d]);
        }
    }

    @Test
    void filesAreTheSameAcrossRunsAndThreadCounts() {
        ImageCodingModel model = ImageCodingModel.of(TrainedChainVae.model());
        ImageSymbols images = TrainedChainVae.testImages(3);
        byte[] first = VaeCompression.compress(model, images, HASH, BbAnsSettings.DEFAULT, null)
                .bytes();
        byte[] again = VaeCompression.compress(model, images, HASH, BbAnsSettings.DEFAULT, null)
                .bytes();
        int threads = JniUtils.getNumThreads();
        byte[] twoThreads;
        JniUtils.setNumThreads(2);
        try {
            twoThreads = VaeCompression.compress(model, images, HASH, BbAnsSettings.DEFAULT, null)
                    .bytes();
            assertThat(JniUtils.getNumThreads()).isEqualTo(2);
        } finally {
            JniUtils.setNumThreads(threads);
        }
        assertThat(again).isEqualTo(first);
        assertThat(twoThreads).isEqualTo(first);
        assertThat(CompressedFile.header(first, "f").scheme()).isEqualTo(CodingScheme.BIT_SWAP);
    }

    @Test
    void aModelThatComputesDifferentlyIsRefusedNotDecodedWrong() {
        try (Model network =
                Model.create(chain(4, 4, LikelihoodKind.BERNOULLI, LadderInference.BOTTOM_UP, 3, 2), null, manager)) {
            ImageCodingModel model = ImageCodingModel.of(network);
            ImageSymbols images = randomImages(model, 6, 2);
            for (CodingScheme scheme : CodingScheme.values()) {
                byte[] file = VaeCompression.compress(model, images, HASH, BbAnsSettings.DEFAULT, scheme)
                        .bytes();
                NDArray bias = network.parameters().asMap().get("down.0.out.bias");
                bias.addi(0.5f); // p(z_1|z_2) moved under the same hash
                assertThatThrownBy(() -> VaeCompression.decompress(file, "f.vbb", model, HASH))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageStartingWith("f.vbb: ")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
                bias.subi(0.5f);
            }
        }
    }

    @Test
    void theSchemeFollowsWhatTheModelOffers() throws Exception {
        try (Model vae = Model.create(Fixtures.tinyModel(), null, manager)) {
            ImageCodingModel single = ImageCodingModel.of(vae);
            assertThat(single).isInstanceOf(VaeCodingModel.class);
            assertThat(single.defaultScheme()).isEqualTo(CodingScheme.BB_ANS);
            assertThat(single.scheme(CodingScheme.BB_ANS)).isEqualTo(CodingScheme.BB_ANS);
            assertThatThrownBy(() -> single.scheme(CodingScheme.BIT_SWAP))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("Bit-Swap needs latent layers that form a bottom-up Markov chain q(z_1|x) q(z_2|z_1) "
                            + "... (a dense-ladder-vae with model.inference: bottom-up); a VAE (dense-vae) has one "
                            + "latent layer, which bb-ans codes");
        }
        // a one-layer ladder offers the chain of one layer, whichever its inference: BB-ANS by default
        try (Model one =
                Model.create(chain(3, 3, LikelihoodKind.BERNOULLI, LadderInference.LADDER, 3), null, manager)) {
            ImageCodingModel model = ImageCodingModel.of(one);
            assertThat(model.chain().layerSizes()).containsExactly(3);
            assertThat(model.defaultScheme()).isEqualTo(CodingScheme.BB_ANS);
        }
    }

    @Test
    void hierarchiesThatAreNotMarkovChainsAreRefusedInOneLine() {
        ModelConfig ladder = chain(3, 4, LikelihoodKind.BERNOULLI, LadderInference.LADDER, 4, 2);
        ModelConfig nvae = ModelConfig.builder("nvae")
                .inputShape(1, 4, 4)
                .latentDim(3)
                .hidden(4, 4)
                .residualBlocks(1)
                .activation(ActivationKind.ELU)
                .family(new NvaeConfig(LikelihoodConfig.builder().build(), 2, 2))
                .build();
        ModelConfig gaussian = chain(3, 4, LikelihoodKind.GAUSSIAN, LadderInference.BOTTOM_UP, 4, 2);
        Object[][] cases = {
            {ladder, "a ladder VAE (dense-ladder-vae) has 2 latent layers whose posterior is not such a chain"},
            {nvae, "(nvae) has"},
            {gaussian, "has gaussian, a density over real values"}
        };
        for (Object[] c : cases) {
            try (Model network = Model.create((ModelConfig) c[0], null, manager)) {
                assertThatThrownBy(() -> ImageCodingModel.of(network))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining((String) c[1])
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            }
        }
        try (Model network = Model.create(ladder, null, manager)) {
            assertThatThrownBy(() -> VaeChainCodingModel.of(network))
                    .hasMessageContaining("has 2 latent layers and no such chain");
        }
        try (Model network =
                Model.create(chain(3, 4, LikelihoodKind.BERNOULLI, LadderInference.BOTTOM_UP, 4, 2), null, manager)) {
            assertThatThrownBy(() -> VaeCodingModel.of(network))
                    .hasMessageContaining("has 2, a Markov chain that VaeChainCodingModel codes (Bit-Swap)");
        }
    }
}
