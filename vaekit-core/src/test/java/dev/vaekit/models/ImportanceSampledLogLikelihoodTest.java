package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.eval.ExampleScores;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.nn.ActivationKind;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImportanceSampledLogLikelihoodTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(13);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /**
     * A model whose marginal likelihood is known exactly: the encoder outputs q = N(0, I) = p(z) for every x and the
     * decoder ignores z (zero output weights), so every importance weight equals log p(x|z) = Σ x b − softplus(b)
     * for the decoder's output bias b (for the Bernoulli), whatever k, the seed or the chunking.
     */
    private static Vae exactModel(ModelConfig config, NDManager manager, float[] decoderBias) {
        Vae model = new Vae(config, manager);
        int latent = config.latentDim();
        int hidden = config.hidden().get(config.hidden().size() - 1);
        Fixtures.setParameter(model, "encoder.out.weight", new float[2 * latent * hidden]);
        Fixtures.setParameter(model, "encoder.out.bias", new float[2 * latent]);
        Fixtures.setParameter(
                model,
                "decoder.out.weight",
                new float
                        [config.inputDim()
                                * ObservationModel.parametersPerFeature(
                                        config.family(VaeConfig.class).likelihood())
                                * config.hidden().get(0)]);
        Fixtures.setParameter(model, "decoder.out.bias", decoderBias);
        return model;
    }

    private static double[] exactLogPx(Dataset data, float[] bias) {
        int d = data.dim();
        double[] logPx = new double[data.size()];
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < d; j++) {
                double b = bias[j];
                double softplus = Math.max(b, 0) + Math.log1p(Math.exp(-Math.abs(b)));
                logPx[i] += data.features()[i * d + j] * b - softplus;
            }
        }
        return logPx;
    }

    /** The tiny model of ElboTest, its posterior pushed away from the prior so that k matters. */
    private Vae pushedModel() {
        Vae model = new Vae(Fixtures.tinyModel(), manager);
        Fixtures.setParameter(model, "encoder.out.bias", 1.5f, 1.5f, -3f, -3f);
        return model;
    }

    @Test
    void aRowScoresTheSameWhateverTheBatchOrSplitItIsScoredIn() {
        Dataset data = Fixtures.tinyBinaryData(9, 30);
        try (Vae model = pushedModel()) {
            ImportanceSampledLogLikelihood estimator = new ImportanceSampledLogLikelihood(model);
            ExampleScores whole = estimator.score(data, 40, 6, 0);
            ExampleScores head = estimator.score(data.slice(0, 11), 40, 6, 0);
            ExampleScores tail = estimator.score(data.slice(11, 30), 40, 6, 11);
            for (int i = 0; i < 30; i++) {
                double part = i < 11 ? head.logLikelihood()[i] : tail.logLikelihood()[i - 11];
                assertThat(part).as("row %d", i).isCloseTo(whole.logLikelihood()[i], within(1e-5));
            }
            // the draws follow the row's index, not its position: scored as row 0, row 11 gets other draws
            ExampleScores moved = estimator.score(data.slice(11, 12), 40, 6, 0);
            assertThat(moved.logLikelihood()[0]).isNotEqualTo(whole.logLikelihood()[11]);
        }
    }

    @Test
    void kMustBePositive() {
        Dataset data = Fixtures.tinyBinaryData(3, 5);
        try (Vae model = pushedModel()) {
            ImportanceSampledLogLikelihood estimator = new ImportanceSampledLogLikelihood(model);
            assertThatThrownBy(() -> estimator.evaluate(data, 0, 1))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("k must be >= 1, got 0");
            assertThatThrownBy(() -> estimator.scores(data, 0, 1, 0))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("k must be >= 1, got 0");
        }
    }

    @Test
    void nllStandardErrorAndBitsPerDimFollowTheirFormulas() {
        Dataset data = Fixtures.tinyBinaryData(3, 25);
        float[] bias = {-2f, 0.5f, 1.5f, -0.3f};
        try (Vae model = exactModel(Fixtures.tinyModel(), manager, bias)) {
            double[] logPx = exactLogPx(data, bias);
            double mean = Arrays.stream(logPx).average().orElseThrow();
            double ss = Arrays.stream(logPx).map(v -> (v - mean) * (v - mean)).sum();
            double stdErr = Math.sqrt(ss / (logPx.length - 1)) / Math.sqrt(logPx.length);

            LikelihoodReport r = new ImportanceSampledLogLikelihood(model).evaluate(data, 7, 1);

            assertThat(stdErr).isPositive();
            assertThat(r.nll()).isCloseTo(-mean, within(1e-4));
            assertThat(r.nllStdErr()).isCloseTo(stdErr, within(1e-5));
            assertThat(r.bitsPerDim()).isCloseTo(r.nll() / (4 * Math.log(2)), within(1e-12));
            assertThat(r.term("kl")).isCloseTo(0, within(1e-6));
            assertThat(r.term("reconstruction")).isCloseTo(mean, within(1e-4));
            assertThat(r.term("elbo")).isCloseTo(mean, within(1e-4));
            assertThat(r.term("activeUnits")).isZero();
            assertThat(r.k()).isEqualTo(7);
            assertThat(r.n()).isEqualTo(25);
            assertThat(r.dim()).isEqualTo(4);
            assertThat(r.seed()).isEqualTo(1);
            assertThat(r.seconds()).isPositive();
        }
    }

    @Test
    void oneExampleHasNoStandardError() {
        Dataset data = Fixtures.tinyBinaryData(4, 1);
        try (Vae model = exactModel(Fixtures.tinyModel(), manager, new float[] {1, 1, 1, 1})) {
            LikelihoodReport r = new ImportanceSampledLogLikelihood(model).evaluate(data, 3, 1);

            assertThat(r.nllStdErr()).isNaN();
            assertThat(r.nll()).isCloseTo(-exactLogPx(data, new float[] {1, 1, 1, 1})[0], within(1e-4));
        }
    }

    @Test
    void samplesAreDrawnInChunksWithoutChangingTheEstimate() {
        // 4096 features: 16M floats per chunk allows 4096 samples of one row, so k = 5000 takes two chunks per row
        int d = 4096;
        ModelConfig wide = ModelConfig.builder("dense-vae")
                .inputShape(1, 1, d)
                .latentDim(2)
                .hidden(2)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder().likelihood(LikelihoodKind.BERNOULLI).build())
                .build();
        SplittableRandom random = new SplittableRandom(5);
        float[] features = new float[3 * d];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextInt(2);
        }
        Dataset data = new Dataset("wide", features, null, 1, 1, d);
        float[] bias = Fixtures.uniform(6, d, -2, 2);
        try (Vae model = exactModel(wide, manager, bias)) {
            double[] logPx = exactLogPx(data, bias);

            LikelihoodReport r = new ImportanceSampledLogLikelihood(model).evaluate(data, 5000, 2);

            assertThat(r.nll()).isCloseTo(-Arrays.stream(logPx).average().orElseThrow(), within(0.05));
            assertThat(r.term("reconstruction"))
                    .isCloseTo(Arrays.stream(logPx).average().orElseThrow(), within(0.05));
            assertThat(r.k()).isEqualTo(5000);
        }
    }

    @Test
    void aCategorical256ModelIsScoredInBitsOfThe8BitDataAndChunked() {
        // 16 pixels: 4096 decoder outputs per sample, so k = 5000 takes two chunks per row
        int d = 16;
        ModelConfig categorical = ModelConfig.builder("dense-vae")
                .inputShape(1, 4, 4)
                .latentDim(2)
                .hidden(2)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder()
                        .likelihood(LikelihoodKind.CATEGORICAL_256)
                        .build())
                .build();
        SplittableRandom random = new SplittableRandom(10);
        float[] features = new float[3 * d];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextInt(256) / 255f;
        }
        Dataset data = new Dataset("grey", features, null, 1, 4, 4);
        // block-major level logits: bias[v·d + j] is the logit of level v at pixel j
        float[] bias = Fixtures.uniform(11, 256 * d, -3, 3);
        double[] logPx = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < d; j++) {
                double norm = 0;
                for (int v = 0; v < 256; v++) {
                    norm += Math.exp(bias[v * d + j]);
                }
                logPx[i] += bias[Math.round(features[i * d + j] * 255) * d + j] - Math.log(norm);
            }
        }
        double nll = -Arrays.stream(logPx).average().orElseThrow();
        try (Vae model = exactModel(categorical, manager, bias);
                Vae uniform = exactModel(categorical, manager, new float[256 * d])) {
            LikelihoodReport r = new ImportanceSampledLogLikelihood(model).evaluate(data, 5000, 3);
            LikelihoodReport flat = new ImportanceSampledLogLikelihood(uniform).evaluate(data, 3, 3);

            assertThat(r.nll()).isCloseTo(nll, within(1e-3));
            // a probability mass function over 256 levels: nats / (d ln 2) are bits/dim, with no dequantisation term
            assertThat(r.bitsPerDim()).isCloseTo(nll / (d * Math.log(2)), within(1e-6));
            assertThat(flat.bitsPerDim()).isCloseTo(8.0, within(1e-5));
        }
    }

    @Test
    void theSameSeedGivesTheSameEstimate() {
        Dataset data = Fixtures.tinyBinaryData(7, 20);
        try (Vae model = pushedModel()) {
            LikelihoodReport a = new ImportanceSampledLogLikelihood(model).evaluate(data, 10, 3);
            LikelihoodReport b = new ImportanceSampledLogLikelihood(model).evaluate(data, 10, 3);
            LikelihoodReport c = new ImportanceSampledLogLikelihood(model).evaluate(data, 10, 4);

            assertThat(b.nll()).isEqualTo(a.nll());
            assertThat(c.nll()).isNotEqualTo(a.nll());
        }
    }

    @Test
    void withOneSampleTheEstimateIsTheElboOnAverage() {
        Dataset data = Fixtures.tinyBinaryData(8, 40);
        try (Vae model = pushedModel()) {
            int seeds = 40;
            double[] gap = new double[seeds];
            double elbo = 0;
            for (int s = 0; s < seeds; s++) {
                LikelihoodReport r = new ImportanceSampledLogLikelihood(model).evaluate(data, 1, 100 + s);
                // -nll: one-sample Monte-Carlo ELBO; elbo: the same sample with the analytic KL
                gap[s] = -r.nll() - r.term("elbo");
                elbo += r.term("elbo") / seeds;
            }
            double mean = Arrays.stream(gap).average().orElseThrow();
            double sd = Math.sqrt(
                    Arrays.stream(gap).map(v -> (v - mean) * (v - mean)).sum() / (seeds - 1));

            assertThat(sd).isPositive();
            assertThat(Math.abs(mean))
                    .as("mean gap %s, sd %s, ELBO %s", mean, sd, elbo)
                    .isLessThan(4 * sd / Math.sqrt(seeds) + 1e-3);
        }
    }

    @Test
    void manySamplesGiveAHigherEstimateThanOne() {
        Dataset data = Fixtures.tinyBinaryData(9, 40);
        try (Vae model = pushedModel()) {
            LikelihoodReport one = new ImportanceSampledLogLikelihood(model).evaluate(data, 1, 21);
            LikelihoodReport many = new ImportanceSampledLogLikelihood(model).evaluate(data, 1000, 22);

            // log p(x) estimates: -nll; with k = 1000 the bound is much tighter than the ELBO
            assertThat(-many.nll())
                    .as("k=1000: %s, k=1: %s", -many.nll(), -one.nll())
                    .isGreaterThan(-one.nll() + 0.5);
            assertThat(-many.nll()).isGreaterThan(many.term("elbo"));
        }
    }

    @Test
    void moreSamplesMakeEachExamplesEstimateVaryLessAcrossSeeds() {
        Dataset data = Fixtures.tinyBinaryData(9, 40);
        // a freshly initialised model: q(z|x) is close to the prior, so one draw is a poor, noisy estimate
        try (Vae model = new Vae(Fixtures.tinyModel(), manager)) {
            double spreadOne = seedVariance(model, data, 1);
            double spreadMany = seedVariance(model, data, 1000);
            assertThat(spreadMany)
                    .as("k=1000: %s, k=1: %s", spreadMany, spreadOne)
                    .isLessThan(spreadOne / 10);
        }
    }

    /** The variance of each example's log p(x) estimate over 5 seeds, averaged over the examples. */
    private static double seedVariance(Vae model, Dataset data, int k) {
        int seeds = 5;
        double[][] estimates = new double[seeds][];
        for (int s = 0; s < seeds; s++) {
            estimates[s] = new ImportanceSampledLogLikelihood(model)
                    .scores(data, k, 100 + s, 0)
                    .logLikelihood();
        }
        double total = 0;
        for (int i = 0; i < data.size(); i++) {
            double mean = 0;
            for (double[] e : estimates) {
                mean += e[i] / seeds;
            }
            for (double[] e : estimates) {
                total += (e[i] - mean) * (e[i] - mean) / (seeds - 1);
            }
        }
        return total / data.size();
    }

    @Test
    void logMeanExpIsComputedStablyInDoubles() {
        assertThat(ImportanceSampledLogLikelihood.logMeanExp(new double[] {1000, 1000}))
                .isEqualTo(1000.0);
        assertThat(ImportanceSampledLogLikelihood.logMeanExp(new double[] {-1000, -1000, -1000}))
                .isCloseTo(-1000, within(1e-9));
        assertThat(ImportanceSampledLogLikelihood.logMeanExp(new double[] {0, Math.log(3)}))
                .isCloseTo(Math.log(2), within(1e-12));
        assertThat(ImportanceSampledLogLikelihood.logMeanExp(new double[] {-2000, -1000}))
                .isCloseTo(-1000 - Math.log(2), within(1e-9));
        assertThat(ImportanceSampledLogLikelihood.logMeanExp(new double[] {Double.NEGATIVE_INFINITY, 0}))
                .isCloseTo(-Math.log(2), within(1e-12));
        assertThat(ImportanceSampledLogLikelihood.logMeanExp(
                        new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(ImportanceSampledLogLikelihood.logMeanExp(new double[] {5})).isEqualTo(5.0);
    }
}
