package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.TensorTest;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainerState;
import dev.vaekit.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The VQ-VAE (van den Oord et al. 2017): quantisation, the straight-through gradient, the codebook's moving averages
 * and the usage statistics against hand computation; the PixelCNN prior's normalisation; the two training stages; the
 * point-mass ELBO; buffers through a save and load.
 */
class VqVaeTest extends TensorTest {
    /** n positions of D values, a codebook of K, over side × side inputs. */
    static ModelConfig tiny(int side, int positions, int dim, int codes, double autoencoderEpochs) {
        return ModelConfig.builder("dense-vq-vae")
                .inputShape(1, side, side)
                .latentDim(positions)
                .hidden(16)
                .activation(ActivationKind.TANH)
                .family(new VqVaeConfig(
                        LikelihoodConfig.builder().build(), codes, dim, 0.25, 0.9, 2, 8, autoencoderEpochs))
                .build();
    }

    @Test
    void eachVectorTakesItsNearestCodebookVector() {
        NDArray codebook = manager.create(new float[] {0, 0, 1, 1, -2, 0}, new Shape(3, 2));
        NDArray vectors =
                manager.create(new float[] {0.1f, -0.2f, 0.9f, 1.3f, -1.2f, 0.1f, 0.6f, 0.6f}, new Shape(4, 2));

        float[] oneHot = VqVae.nearest(vectors, codebook).toFloatArray();

        // distances² to (0,0), (1,1), (−2,0): row 3 (0.6, 0.6) is 0.72 from the first and 0.32 from the second
        assertThat(oneHot).containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0);
    }

    @Test
    void theStraightThroughEstimatorPassesTheDecodersGradientToTheEncoder() {
        NDArray zE = manager.create(new float[] {0.3f, -1f, 2f});
        NDArray zQ = manager.create(new float[] {0f, -1.5f, 1f});
        NDArray upstream = manager.create(new float[] {1.5f, -2f, 0.25f});
        zE.setRequiresGradient(true);
        NDArray forward;
        try (GradientCollector collector = Engines.engine().newGradientCollector()) {
            NDArray st = VqVae.straightThrough(zE, zQ);
            forward = st.duplicate();
            collector.backward(st.mul(upstream).sum());
        }
        assertThat(forward.toFloatArray()).containsExactly(zQ.toFloatArray());
        assertThat(zE.getGradient().toFloatArray()).containsExactly(upstream.toFloatArray());
    }

    @Test
    void theCodebookMovesByItsMovingAveragesAsComputedByHand() {
        float[] n0 = {1f, 2f, 1f};
        float[] m0 = {1, 0, 2, 2, 0, -1};
        NDArray clusterSize = manager.create(n0);
        NDArray embeddingSum = manager.create(m0, new Shape(3, 2));
        NDArray vectors = manager.create(new float[] {1, 1, 3, 1, 0, 2}, new Shape(3, 2));
        NDArray oneHot = manager.create(new float[] {1, 0, 0, 1, 0, 0, 0, 1, 0}, new Shape(3, 3));
        double gamma = 0.8;
        double eps = 1e-5;

        NDArray[] next = VqVae.emaStep(clusterSize, embeddingSum, vectors, oneHot, gamma, eps);

        // counts n = (2, 1, 0); sums = ((4, 2), (0, 2), (0, 0))
        double[] n = {0.8 * 1 + 0.2 * 2, 0.8 * 2 + 0.2 * 1, 0.8 * 1};
        double[][] m = {{0.8 * 1 + 0.2 * 4, 0.2 * 2}, {0.8 * 2, 0.8 * 2 + 0.2 * 2}, {0, 0.8 * -1}};
        double total = n[0] + n[1] + n[2];
        assertThat(next[0].toFloatArray())
                .containsExactly(new float[] {(float) n[0], (float) n[1], (float) n[2]}, within(1e-6f));
        float[] e = next[2].toFloatArray();
        float[] sums = next[1].toFloatArray();
        for (int k = 0; k < 3; k++) {
            double smoothed = (n[k] + eps) / (total + 3 * eps) * total;
            for (int j = 0; j < 2; j++) {
                assertThat((double) sums[2 * k + j]).isCloseTo(m[k][j], within(1e-6));
                assertThat((double) e[2 * k + j]).isCloseTo(m[k][j] / smoothed, within(1e-5));
            }
        }
    }

    @Test
    void usageAndPerplexityOfABatchsCodes() {
        // codes 0, 0, 1, 3 of K = 4: three of four used, frequencies ½, ¼, 0, ¼
        NDArray oneHot = manager.create(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1}, new Shape(4, 4));
        double[] u = VqVae.usage(oneHot);
        assertThat(u[0]).isEqualTo(0.75);
        assertThat(u[1]).isCloseTo(Math.exp(0.5 * Math.log(2) + 2 * 0.25 * Math.log(4)), within(1e-6));
        assertThat(VqVae.usage(manager.create(new float[] {0, 1, 0, 1}, new Shape(2, 2)))[1])
                .isCloseTo(1, within(1e-9));
    }

    @Test
    void thePixelCnnPriorIsADistributionOverAllCodes() {
        // 2 positions (a 1 × 2 grid) of K = 3 codes: the 9 codes' probabilities sum to 1
        try (VqVae model = new VqVae(tiny(2, 2, 2, 3, 1), null, manager)) {
            Fixtures.perturb(model.parameters(), 0.5f, 3);
            float[] all = new float[18];
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    all[2 * (3 * a + b)] = a;
                    all[2 * (3 * a + b) + 1] = b;
                }
            }
            double total = Tensors.scalar(
                    model.logPrior(manager.create(all, new Shape(9, 2))).exp().sum());
            assertThat(total).isCloseTo(1, within(1e-5));
            assertThat(model.grid()).containsExactly(1, 2);
            // a square number of positions is laid out as a square
            try (VqVae square = new VqVae(tiny(2, 4, 2, 3, 1), null, manager)) {
                assertThat(square.grid()).containsExactly(2, 2);
            }
        }
    }

    /** Copies of the codebook buffer after every epoch. */
    private static final class CodebookWatch implements TrainingListener {
        final List<float[]> codebooks = new ArrayList<>();
        final List<EpochMetrics> metrics = new ArrayList<>();

        @Override
        public void onEpochEnd(Trainer trainer, EpochMetrics m, TrainerState state) {
            codebooks.add(((VqVae) trainer.model()).codebook().toFloatArray());
            metrics.add(m);
        }
    }

    @Test
    void theAutoencoderTrainsFirstAndThenThePriorAloneOnFixedCodes() {
        ModelConfig config = tiny(4, 4, 3, 8, 3);
        RunConfig run = new RunConfig(
                Configs.defaults().data(), config, ObjectiveConfig.defaults(), Fixtures.training(6, 16, 1e-2, 0, 0, 1));
        CodebookWatch watch = new CodebookWatch();
        NDArray x = Tensors.create(manager, Fixtures.brightTopImages(9, 32, 4).features(), new Shape(32, 16));
        Engines.seed(7);
        try (VqVae model = (VqVae) Model.create(config, null, manager);
                Trainer trainer = new Trainer(run, model)) {
            float[] start = model.codebook().toFloatArray();
            // a validation pass (evaluation mode) never moves the codebook
            model.validationLoss(new Batch(x));
            assertThat(model.codebook().toFloatArray()).containsExactly(start);
            trainer.addListener(watch);
            trainer.fit(Fixtures.brightTopImages(3, 128, 4));
            // the trained model's codes round-trip through its decoder
            assertThat(model.code(x).getShape()).isEqualTo(new Shape(32, 4));
        }
        List<EpochMetrics> m = watch.metrics;
        assertThat(Fixtures.maxAbsDiff(watch.codebooks.get(0), watch.codebooks.get(1)))
                .isGreaterThan(1e-4);
        assertThat(m.get(2).trainReconstruction()).isGreaterThan(m.get(0).trainReconstruction());
        // epochs 4–6 fit the prior alone: the codebook stays, the prior's negative log-likelihood (the "KL") falls
        assertThat(watch.codebooks.get(5)).containsExactly(watch.codebooks.get(2));
        assertThat(m.get(5).trainKl()).isLessThan(m.get(3).trainKl());
        assertThat(m.get(5).trainLoss()).isCloseTo(m.get(5).trainKl(), within(1e-4));
        assertThat(m.get(0).trainTerms()).containsOnlyKeys("commitment", "usage", "perplexity");
        assertThat(m.get(0).trainTerms().get("perplexity")).isBetween(1.0, 8.0);
    }

    @Test
    void itsLikelihoodIsThePointMassElboAndTakesOneDrawOnly() {
        Dataset data = Fixtures.brightTopImages(4, 10, 2);
        try (VqVae model = new VqVae(tiny(2, 2, 2, 3, 1), null, manager)) {
            Fixtures.perturb(model.parameters(), 0.5f, 5);
            NDArray x = Tensors.create(manager, data.features(), new Shape(10, 4));
            VqVae.Quantized q = model.quantize(x);
            double reconstruction = Tensors.scalar(model.observation()
                    .logProb(x, model.decode(q.indices(), null, null))
                    .mean());
            double logPrior = Tensors.scalar(model.logPrior(q.indices()).mean());

            LikelihoodReport r = model.likelihood().orElseThrow().evaluate(data, 1, 0);

            assertThat(r.nll()).isCloseTo(-(reconstruction + logPrior), within(1e-4));
            assertThat(r.term("kl")).isCloseTo(-logPrior, within(1e-4));
            assertThat((int) r.term("codesUsed")).isBetween(1, 3);
            assertThat(r.estimator()).contains("point-mass");
            // the validation loss is the same bound
            assertThat(Tensors.scalar(model.validationLoss(new Batch(x)).bound()))
                    .isCloseTo(reconstruction + logPrior, within(1e-4));
            assertThatThrownBy(() -> model.likelihood().orElseThrow().evaluate(data, 5, 0))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("--k 1");
        }
    }

    @Test
    void itSamplesFromItsPriorAndItsBuffersSurviveASaveAndLoad() {
        ModelConfig config = tiny(2, 4, 2, 5, 1);
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 1}, 2, 4);
        try (VqVae a = new VqVae(config, null, manager);
                VqVae b = new VqVae(config, null, manager)) {
            Fixtures.perturb(a.parameters(), 0.4f, 2);
            a.setTraining(true);
            a.loss(new Batch(x), new LossContext(ObjectiveConfig.defaults(), 0, 10)); // moves a's codebook
            a.setTraining(false);
            assertThat(a.parameters().buffers())
                    .containsOnlyKeys("codebook.embedding", "codebook.clusterSize", "codebook.embeddingSum");
            FamilyFixtures.assertWeightsCopy(a, b, x, 3);
            assertThat(b.codebook().toFloatArray()).containsExactly(a.codebook().toFloatArray());

            Engines.seed(3);
            NDArray codes = a.samplePrior(manager, 6);
            assertThat(codes.getShape()).isEqualTo(new Shape(6, 4));
            for (float c : codes.toFloatArray()) {
                assertThat(c).isIn(0f, 1f, 2f, 3f, 4f);
            }
            assertThat(a.sample(manager, 3, 1, null).getShape()).isEqualTo(new Shape(3, 4));
            assertThatThrownBy(() -> a.sample(manager, 3, 0.7, null)).isInstanceOf(InvalidInputException.class);
            assertThat(a.capabilities().posteriorSampling()).isFalse();
            assertThatThrownBy(() -> a.drawCode(x, null)).isInstanceOf(InvalidInputException.class);
        }
        RunConfig run = Configs.build(
                null, Map.of("model.type", "conv-vq-vae", "model.hidden", List.of(8), "model.codebookSize", 32));
        assertThat(Configs.parseJson(Configs.toJson(run), RunConfig.class, "test"))
                .isEqualTo(run);
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "dense-vq-vae", "objective.samples", 3)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("apply to VAEs");
    }
}
