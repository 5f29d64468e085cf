package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.GaussianVariance;
import dev.vaekit.models.LikelihoodConfig;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.Vae;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ObjectiveConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private NDManager manager;

    /** 784-128-10 Bernoulli VAE: small enough for several epochs on 1000 images in about a second. */
    private static ModelConfig mnistModel() {
        return ModelConfig.builder("dense-vae")
                .inputShape(1, 28, 28)
                .latentDim(10)
                .hidden(128)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder().likelihood(LikelihoodKind.BERNOULLI).build())
                .build();
    }

    /** Records what the trainer reports. */
    private static final class Recorder implements TrainingListener {
        final List<EpochMetrics> metrics = new ArrayList<>();
        final List<TrainerState> states = new ArrayList<>();
        final List<Double> batchLosses = new ArrayList<>();
        int starts;
        int ends;

        @Override
        public void onTrainingStart(Trainer trainer) {
            starts++;
        }

        @Override
        public void onBatchEnd(Trainer trainer, StepResult step) {
            batchLosses.add(step.loss());
        }

        @Override
        public void onEpochEnd(Trainer trainer, EpochMetrics m, TrainerState state) {
            metrics.add(m);
            states.add(state);
        }

        @Override
        public void onTrainingEnd(Trainer trainer, TrainerState state) {
            ends++;
        }
    }

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Recorder fit(RunConfig config, Dataset train, Dataset validation, TrainingListener... more) {
        Engines.seed(config.training().seed());
        Recorder r = new Recorder();
        try (Vae model = new Vae(config.model(), manager);
                Trainer trainer = new Trainer(config, model)) {
            trainer.addListener(r);
            for (TrainingListener l : more) {
                trainer.addListener(l);
            }
            TrainerState end = trainer.fit(train, validation);
            assertThat(end).isEqualTo(r.states.get(r.states.size() - 1));
            int limit = config.training().batchesPerEpoch();
            assertThat(trainer.examplesPerEpoch())
                    .isEqualTo(
                            limit == 0
                                    ? train.size()
                                    : Math.min(
                                            train.size(),
                                            limit * config.training().batchSize()));
        }
        return r;
    }

    @Test
    void theLossFallsOnMnistMiniAndEveryMetricIsFinite() {
        RunConfig config = Fixtures.runConfig(
                Binarization.DYNAMIC, mnistModel(), Fixtures.elbo(), Fixtures.training(3, 100, 1e-3, 0, 0, 1));

        Recorder r = fit(config, MnistMini.rows(0, 1000), MnistMini.rows(1000, 1200));

        assertThat(r.metrics).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
        assertThat(r.metrics.get(2).trainLoss()).isLessThan(r.metrics.get(0).trainLoss() - 20);
        assertThat(r.metrics.get(2).validationLoss())
                .isLessThan(r.metrics.get(0).validationLoss());
        for (EpochMetrics m : r.metrics) {
            assertThat(List.of(
                            m.seconds(),
                            m.samplesPerSecond(),
                            m.trainLoss(),
                            m.trainReconstruction(),
                            m.trainKl(),
                            m.trainBound(),
                            m.validationLoss(),
                            m.validationReconstruction(),
                            m.validationKl(),
                            m.validationSeconds()))
                    .allMatch(Double::isFinite);
            assertThat(m.learningRate()).isEqualTo(1e-3);
            assertThat(m.klWeight()).isEqualTo(1.0);
            assertThat(m.trainKl()).isPositive();
            assertThat(m.trainReconstruction()).isNegative();
            // estimator B with beta 1: loss = -(reconstruction - KL) = -bound
            assertThat(m.trainLoss()).isCloseTo(-m.trainBound(), within(1e-3));
            assertThat(m.trainBound()).isCloseTo(m.trainReconstruction() - m.trainKl(), within(1e-3));
            assertThat(m.validationLoss()).isCloseTo(m.validationKl() - m.validationReconstruction(), within(1e-3));
        }
        assertThat(r.batchLosses).hasSize(30).allMatch(Double::isFinite);
        assertThat(r.states.get(2).epochsDone()).isEqualTo(3);
        assertThat(r.states.get(2).steps()).isEqualTo(30);
        assertThat(r.starts).isEqualTo(1);
        assertThat(r.ends).isEqualTo(1);
    }

    @Test
    void theBestValidationLossAndEpochsWithoutImprovementAreTracked() {
        RunConfig config = Fixtures.runConfig(
                Binarization.DYNAMIC, mnistModel(), Fixtures.elbo(), Fixtures.training(4, 100, 1e-3, 0, 0, 2));

        Recorder r = fit(config, MnistMini.rows(0, 500), MnistMini.rows(500, 600));

        double best = Double.NaN;
        int without = 0;
        for (int i = 0; i < 4; i++) {
            double v = r.metrics.get(i).validationLoss();
            if (Double.isNaN(best) || v < best) {
                best = v;
                without = 0;
            } else {
                without++;
            }
            assertThat(r.states.get(i).bestValidationLoss()).isEqualTo(best);
            assertThat(r.states.get(i).epochsWithoutImprovement()).isEqualTo(without);
        }
    }

    @Test
    void withoutValidationRowsTheValidationMetricsAreNaN() {
        RunConfig config = Fixtures.runConfig(
                Binarization.STATIC, mnistModel(), Fixtures.elbo(), Fixtures.training(1, 128, 1e-3, 0, 0, 3));

        Recorder r = fit(config, MnistMini.rows(0, 300), MnistMini.rows(0, 0));

        assertThat(r.metrics.get(0).validationLoss()).isNaN();
        assertThat(r.states.get(0).bestValidationLoss()).isNaN();
        assertThat(r.metrics.get(0).trainLoss()).isFinite();
        assertThat(r.batchLosses).hasSize(3); // 128 + 128 + 44 rows
    }

    @Test
    void theKlWeightWarmsUpOverTheBatchesOfEachEpoch() {
        ObjectiveConfig warmup = new ObjectiveConfig(Estimator.B, 1, 1.0, 4, 0);
        RunConfig config = Fixtures.runConfig(
                Binarization.DYNAMIC, mnistModel(), warmup, Fixtures.training(3, 100, 1e-3, 0, 0, 4));

        Recorder r = fit(config, MnistMini.rows(0, 500), MnistMini.rows(500, 550));

        // 5 batches per epoch; the last batch of epoch e (0-based) is at progress e + 4/5
        for (int e = 0; e < 3; e++) {
            EpochMetrics m = r.metrics.get(e);
            assertThat(m.klWeight()).as("epoch %d", e + 1).isCloseTo((e + 0.8) / 4, within(1e-12));
            // the training loss weights the KL, the bound does not
            assertThat(m.trainLoss()).isLessThan(-m.trainBound());
        }
    }

    @Test
    void batchesPerEpochCutsEachEpochToThatManyStepsAndTheScheduleFollowsThem() {
        ObjectiveConfig warmup = new ObjectiveConfig(Estimator.B, 1, 1.0, 3, 0);
        TrainingConfig t = Fixtures.training(3, 50, 1e-3, 0, 0, 6).toBuilder()
                .batchesPerEpoch(2)
                .build();
        RunConfig config = Fixtures.runConfig(Binarization.DYNAMIC, mnistModel(), warmup, t);

        Recorder r = fit(config, MnistMini.rows(0, 500), MnistMini.rows(0, 0));

        assertThat(r.batchLosses).hasSize(6).allMatch(Double::isFinite);
        assertThat(r.states.get(2).steps()).isEqualTo(6);
        for (int e = 0; e < 3; e++) {
            // epoch progress counts the epoch's 2 batches, not the data's 10: the last batch of epoch e is at e + 1/2
            assertThat(r.metrics.get(e).klWeight()).as("epoch %d", e + 1).isCloseTo((e + 0.5) / 3, within(1e-12));
        }
    }

    @Test
    void batchesPerEpochAboveAPassTrainsOnePass() {
        TrainingConfig t = Fixtures.training(1, 50, 1e-3, 0, 0, 6).toBuilder()
                .batchesPerEpoch(100)
                .build();
        RunConfig config = Fixtures.runConfig(Binarization.DYNAMIC, mnistModel(), Fixtures.elbo(), t);

        Recorder r = fit(config, MnistMini.rows(0, 220), MnistMini.rows(0, 0));

        assertThat(r.batchLosses).hasSize(5); // 50 + 50 + 50 + 50 + 20 rows
    }

    @Test
    void theLearningRateFollowsTheSchedule() {
        TrainingConfig t = new TrainingConfig(3, 100, 1e-3, 0.9, 0.999, LrSchedule.EXPONENTIAL, 0.5, 0, 0, 5, 0, 0);
        RunConfig config = Fixtures.runConfig(Binarization.DYNAMIC, mnistModel(), Fixtures.elbo(), t);

        Recorder r = fit(config, MnistMini.rows(0, 200), MnistMini.rows(200, 250));

        assertThat(r.metrics).extracting(EpochMetrics::learningRate).containsExactly(1e-3, 5e-4, 2.5e-4);
    }

    @Test
    void aStopRequestEndsTrainingAfterTheCurrentEpoch() {
        RunConfig config = Fixtures.runConfig(
                Binarization.DYNAMIC, mnistModel(), Fixtures.elbo(), Fixtures.training(5, 100, 1e-3, 0, 0, 6));
        TrainingListener stopAtTwo = new TrainingListener() {
            @Override
            public void onEpochEnd(Trainer trainer, EpochMetrics metrics, TrainerState state) {
                if (metrics.epoch() == 2) {
                    trainer.requestStop("enough");
                }
            }
        };

        Recorder r = fit(config, MnistMini.rows(0, 200), MnistMini.rows(200, 250), stopAtTwo);

        assertThat(r.metrics).extracting(EpochMetrics::epoch).containsExactly(1, 2);
        assertThat(r.ends).isEqualTo(1);
    }

    @Test
    void gradientClippingLimitsTheUpdates() {
        Dataset train = MnistMini.rows(0, 300);
        Dataset validation = MnistMini.rows(300, 350);
        double[] change = new double[2];
        double[] losses = new double[2];
        double[] clips = {0, 1e-12};
        for (int i = 0; i < 2; i++) {
            RunConfig config = Fixtures.runConfig(
                    Binarization.DYNAMIC,
                    mnistModel(),
                    Fixtures.elbo(),
                    Fixtures.training(1, 100, 1e-3, clips[i], 0, 7));
            Engines.seed(7);
            try (Vae model = new Vae(config.model(), manager);
                    Trainer trainer = new Trainer(config, model)) {
                float[] before = Fixtures.parameter(model, "encoder.layers.0.weight");
                Recorder r = new Recorder();
                trainer.addListener(r).fit(train, validation);
                change[i] = Fixtures.maxAbsDiff(before, Fixtures.parameter(model, "encoder.layers.0.weight"));
                losses[i] = r.metrics.get(0).trainLoss();
            }
        }

        // Adam normalises the gradient's scale away, except through its epsilon (1e-8): a gradient clipped to a
        // global norm of 1e-12 moves the weights by about lr * 1e-12 / 1e-8 per step instead of about lr
        assertThat(losses[1]).isFinite();
        assertThat(change[0]).isGreaterThan(1e-4);
        assertThat(change[1])
                .as("unclipped %s, clipped %s", change[0], change[1])
                .isLessThan(change[0] / 100);
    }

    @Test
    void aModerateClipNormTrainsNormally() {
        RunConfig config = Fixtures.runConfig(
                Binarization.DYNAMIC, mnistModel(), Fixtures.elbo(), Fixtures.training(2, 100, 1e-3, 5.0, 0, 8));

        Recorder r = fit(config, MnistMini.rows(0, 500), MnistMini.rows(500, 550));

        assertThat(r.metrics.get(1).trainLoss())
                .isFinite()
                .isLessThan(r.metrics.get(0).trainLoss());
    }

    @Test
    void iwaeAndEstimatorATrainToo() {
        for (ObjectiveConfig objective : List.of(
                new ObjectiveConfig(Estimator.IWAE, 5, 1.0, 0, 0), new ObjectiveConfig(Estimator.A, 2, 1.0, 0, 0))) {
            RunConfig config = Fixtures.runConfig(
                    Binarization.DYNAMIC, mnistModel(), objective, Fixtures.training(2, 100, 1e-3, 0, 0, 9));

            Recorder r = fit(config, MnistMini.rows(0, 300), MnistMini.rows(300, 350));

            assertThat(r.metrics.get(1).trainLoss())
                    .as("%s", objective.estimator())
                    .isFinite()
                    .isLessThan(r.metrics.get(0).trainLoss());
            assertThat(r.metrics.get(1).trainLoss()).isCloseTo(-r.metrics.get(1).trainBound(), within(1e-3));
        }
    }

    @Test
    void aGaussianDecoderWithLearnedVarianceTrains() {
        ModelConfig gaussian = mnistModel().toBuilder()
                .family(VaeConfig.builder()
                        .likelihood(LikelihoodConfig.builder()
                                .kind(LikelihoodKind.GAUSSIAN)
                                .variance(GaussianVariance.SHARED)
                                .sigma(0.5)
                                .build())
                        .build())
                .build();
        RunConfig config = Fixtures.runConfig(
                Binarization.NONE, gaussian, Fixtures.elbo(), Fixtures.training(2, 100, 1e-3, 0, 0, 10));
        Engines.seed(10);
        try (Vae model = new Vae(config.model(), manager);
                Trainer trainer = new Trainer(config, model)) {
            Recorder r = new Recorder();
            trainer.addListener(r).fit(MnistMini.rows(0, 300), MnistMini.rows(300, 350));

            assertThat(r.metrics.get(1).trainLoss())
                    .isFinite()
                    .isLessThan(r.metrics.get(0).trainLoss());
            // sigma is learned: it left its initial value
            assertThat(Fixtures.parameter(model, "decoder.logSigma")[0])
                    .isNotCloseTo((float) Math.log(0.5), within(1e-4f));
        }
    }

    @Test
    void epochSeedsDifferByEpochAndSeed() {
        assertThat(Trainer.epochSeed(1, 0)).isNotEqualTo(Trainer.epochSeed(1, 1));
        assertThat(Trainer.epochSeed(1, 0)).isNotEqualTo(Trainer.epochSeed(2, 0));
        assertThat(Trainer.epochSeed(3, 4)).isEqualTo(Trainer.epochSeed(3, 4));
    }
}
