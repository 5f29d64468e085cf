package dev.vaekit.compress.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.compress.BbAnsSettings;
import dev.vaekit.compress.FeatureDistribution;
import dev.vaekit.compress.GaussianPosterior;
import dev.vaekit.compress.LatentBuckets;
import dev.vaekit.compress.ObservationModel;
import dev.vaekit.compress.ParameterGrid;
import dev.vaekit.compress.SymbolCodec;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.LikelihoodConfig;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.PosteriorFlowKind;
import dev.vaekit.models.PriorKind;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.nn.ActivationKind;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A vaekit VAE as BB-ANS's model, on every kind of decoder it codes: exact round trips (odd sizes, one image), the code
 * length of x given z against the model's own log p(x|z), the posterior against the network's, determinism across
 * runs and thread counts, and the models it refuses. The networks keep their seeded initial weights: coding is exact
 * for any weights.
 */
class VaeCodingModelTest {
    private static final byte[] HASH = {1, 2, 3};
    private static final double LN_2 = Math.log(2);

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

    /** A dense VAE on c × h × w images with the given likelihood. */
    static ModelConfig dense(int c, int h, int w, LikelihoodKind kind, int components) {
        return ModelConfig.builder("dense-vae")
                .inputShape(c, h, w)
                .latentDim(3)
                .hidden(16)
                .activation(ActivationKind.TANH)
                .family(VaeConfig.builder()
                        .likelihood(LikelihoodConfig.builder()
                                .kind(kind)
                                .mixtureComponents(components)
                                .build())
                        .build())
                .build();
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("dense Bernoulli 1x5x7", dense(1, 5, 7, LikelihoodKind.BERNOULLI, 1)),
                Arguments.of("dense Bernoulli 3x3x5 (colour)", dense(3, 3, 5, LikelihoodKind.BERNOULLI, 1)),
                Arguments.of(
                        "dense discretized logistic 1x3x5", dense(1, 3, 5, LikelihoodKind.DISCRETIZED_LOGISTIC, 1)),
                Arguments.of(
                        "dense logistic mixture K=3 1x5x3", dense(1, 5, 3, LikelihoodKind.DISCRETIZED_LOGISTIC, 3)),
                Arguments.of("dense categorical-256 1x3x3", dense(1, 3, 3, LikelihoodKind.CATEGORICAL_256, 1)),
                Arguments.of("PixelVAE Bernoulli 1x6x10", Fixtures.pixelModel(6, 10, LikelihoodKind.BERNOULLI, 1)),
                Arguments.of(
                        "PixelVAE logistic mixture K=2 1x4x6",
                        Fixtures.pixelModel(4, 6, LikelihoodKind.DISCRETIZED_LOGISTIC, 2)),
                Arguments.of(
                        "PixelVAE categorical-256 1x4x4",
                        Fixtures.pixelModel(4, 4, LikelihoodKind.CATEGORICAL_256, 1)));
    }

    /** n random examples of the model's shape; 8-bit ones mostly dark, as pictures are, so that prefixes repeat. */
    static ImageSymbols random(VaeCodingModel model, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] values = new byte[n * model.featureCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte)
                    (model.alphabetSize() == 2 ? random.nextInt(2) : random.nextInt(3) == 0 ? random.nextInt(256) : 0);
        }
        return new ImageSymbols(model.shape(), model.alphabetSize(), values);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void compressesAndDecompressesExactly(String name, ModelConfig config) {
        try (Model network = Model.create(config, null, manager)) {
            VaeCodingModel model = VaeCodingModel.of(network);
            for (int n : new int[] {7, 1}) {
                ImageSymbols images = random(model, n, n);

                VaeCompression.Compressed file = VaeCompression.compress(model, images, HASH, BbAnsSettings.DEFAULT);
                VaeCompression.Decompressed back = VaeCompression.decompress(file.bytes(), "f", model, HASH);

                assertThat(back.images().values()).as("%s, n = %d", name, n).isEqualTo(images.values());
                assertThat(back.header().count()).isEqualTo(n);
                assertThat(back.header().shape()).isEqualTo(model.shape());
                assertThat(file.report().examples()).isEqualTo(n);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theCodeLengthOfXGivenZIsTheModelsLogLikelihood(String name, ModelConfig config) {
        try (Model network = Model.create(config, null, manager)) {
            Autoencoder ae = network.requireAutoencoder();
            VaeCodingModel model = VaeCodingModel.of(network);
            LatentBuckets buckets = LatentBuckets.of(BbAnsSettings.DEFAULT.latentBits());
            SplittableRandom random = new SplittableRandom(3);
            int precision = BbAnsSettings.DEFAULT.observationPrecision();
            ParameterGrid grid = BbAnsSettings.DEFAULT.grid();
            for (int trial = 0; trial < 3; trial++) {
                int[] x = random(model, 1, 10 + trial).example(0);
                double[] z = new double[model.latentDimension()];
                float[] zf = new float[z.length];
                for (int d = 0; d < z.length; d++) {
                    z[d] = buckets.centre(random.nextInt(1 << BbAnsSettings.DEFAULT.latentBits()));
                    zf[d] = (float) z[d];
                }
                ObservationModel p = model.likelihood(z);
                double bits = 0;
                for (int i = x.length - 1; i >= 0; i--) { // the encoder's order
                    FeatureDistribution f = p.feature(i, x);
                    SymbolCodec codec = f.codec(grid, precision);
                    bits += precision - Math.log(codec.frequency(x[i])) / LN_2;
                }
                NDArray xs = Tensors.create(manager, values(model, x), new Shape(1, x.length));
                NDArray out = ae.decode(Tensors.create(manager, zf, new Shape(1, zf.length)), xs, null);
                double logP = ae.observation().logProb(xs, out).getFloat(0);

                // the same distribution: what differs is the rounding of the parameters and of the frequencies
                assertThat(bits).as("%s, trial %d", name, trial).isCloseTo(-logP / LN_2, within(2e-3 * x.length));
            }
        }
    }

    private static float[] values(VaeCodingModel model, int[] x) {
        float[] v = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = model.value(x[i]);
        }
        return v;
    }

    @Test
    void thePosteriorIsTheEncodersGaussianAndValuesAreTheDatasUnits() {
        try (Model network = Model.create(dense(1, 3, 5, LikelihoodKind.CATEGORICAL_256, 1), null, manager)) {
            VaeCodingModel model = VaeCodingModel.of(network);
            int[] x = random(model, 1, 4).example(0);
            x[0] = 255;
            x[1] = 1;

            GaussianPosterior q = model.posterior(x);
            DiagonalGaussian expected = network.requireAutoencoder()
                    .gaussianPosterior(Tensors.create(manager, values(model, x), new Shape(1, x.length)), null);

            assertThat(model.value(255)).isEqualTo(1f);
            assertThat(model.value(1)).isEqualTo(1f / 255); // as IdxReader reads a byte
            float[] mean = expected.mean().toFloatArray();
            float[] logVar = expected.logVar().toFloatArray();
            for (int d = 0; d < mean.length; d++) {
                assertThat(q.mean()[d]).isEqualTo(mean[d]);
                assertThat(q.logVariance()[d]).isEqualTo(logVar[d]);
            }
        }
    }

    @Test
    void aPixelCnnDecoderIsEvaluatedOncePerDistinctPrefix() {
        try (Model network = Model.create(Fixtures.pixelModel(4, 4, LikelihoodKind.BERNOULLI, 1), null, manager)) {
            VaeCodingModel model = VaeCodingModel.of(network);
            int[] x = new int[16];
            x[3] = 1;
            x[9] = 1; // prefixes x_<i change after features 3 and 9: 3 distinct images (0…3, 4…9, 10…15)
            ObservationModel p = model.likelihood(new double[] {0.1, -0.2});
            long before = model.passes();
            for (int i = 15; i >= 0; i--) {
                p.feature(i, x);
            }
            long encoding = model.passes() - before;
            int[] decoded = new int[16];
            ObservationModel q = model.likelihood(new double[] {0.1, -0.2});
            before = model.passes();
            for (int i = 0; i < 16; i++) {
                q.feature(i, decoded);
                decoded[i] = x[i];
            }

            assertThat(encoding).isEqualTo(3);
            assertThat(model.passes() - before).isEqualTo(3);
        }
    }

    @Test
    void filesAreTheSameAcrossRunsAndThreadCounts() {
        try (Model network = Model.create(dense(1, 28, 28, LikelihoodKind.DISCRETIZED_LOGISTIC, 2), null, manager)) {
            VaeCodingModel model = VaeCodingModel.of(network);
            ImageSymbols images = random(model, 4, 9);
            int threads = JniUtils.getNumThreads();
            byte[] first = VaeCompression.compress(model, images, HASH, BbAnsSettings.DEFAULT)
                    .bytes();
            byte[] again = VaeCompression.compress(model, images, HASH, BbAnsSettings.DEFAULT)
                    .bytes();
            byte[] twoThreads;
            JniUtils.setNumThreads(2);
            try {
                twoThreads = VaeCompression.compress(model, images, HASH, BbAnsSettings.DEFAULT)
                        .bytes();
                assertThat(JniUtils.getNumThreads())
                        .as("the caller's thread count is restored")
                        .isEqualTo(2);
            } finally {
                JniUtils.setNumThreads(threads);
            }

            assertThat(again).isEqualTo(first);
            assertThat(twoThreads).isEqualTo(first);
        }
    }

    @Test
    void aModelThatComputesDifferentlyIsRefusedNotDecodedWrong() {
        ModelConfig config = dense(1, 5, 7, LikelihoodKind.BERNOULLI, 1);
        try (Model network = Model.create(config, null, manager)) {
            VaeCodingModel model = VaeCodingModel.of(network);
            ImageSymbols images = random(model, 6, 2);
            byte[] file = VaeCompression.compress(model, images, HASH, BbAnsSettings.DEFAULT)
                    .bytes();
            NDArray bias = network.parameters().asMap().get("decoder.out.bias");
            bias.addi(0.75f); // other weights under the same hash: as if the engine computed differently

            assertThatThrownBy(() -> VaeCompression.decompress(file, "f.vbb", model, HASH))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("f.vbb: ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    static Stream<Arguments> unsupported() {
        ModelConfig tiny = Fixtures.tinyModel();
        UnaryOperator<VaeConfig.Builder> same = b -> b;
        return Stream.of(
                Arguments.of(Fixtures.tinyAutoencoder(), "no prior p(z) and no posterior q(z|x)"),
                Arguments.of(
                        ModelConfig.builder("nice")
                                .inputShape(tiny.inputShape())
                                .latentDim(tiny.latentDim())
                                .hidden(tiny.hidden())
                                .build(),
                        "has no latent variables"),
                Arguments.of(vae(b -> b.prior(PriorKind.VAMP).pseudoInputs(3)), "the vamp prior"),
                Arguments.of(vae(b -> b.prior(PriorKind.FLOW)), "the flow prior"),
                Arguments.of(vae(b -> b.posteriorFlow(PosteriorFlowKind.PLANAR)), "posterior flow"),
                Arguments.of(vae(b -> b.conditionClasses(3)), "conditioned on 3 classes"),
                Arguments.of(vae(b -> b.likelihood(LikelihoodKind.GAUSSIAN)), "has gaussian, a density over real"),
                Arguments.of(vae(same), null));
    }

    private static ModelConfig vae(UnaryOperator<VaeConfig.Builder> change) {
        return Fixtures.tinyModel(change.apply(VaeConfig.builder()).build());
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void modelsItCannotCodeAreRefusedInOneLineSayingWhy(ModelConfig config, String why) {
        try (Model network = Model.create(config, null, manager)) {
            if (why == null) { // the control: the same tiny VAE with the standard prior is accepted
                assertThat(VaeCodingModel.of(network).featureCount()).isEqualTo(4);
                return;
            }
            assertThatThrownBy(() -> VaeCodingModel.of(network))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(why)
                    .hasMessageContaining(config.type())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }
}
