package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.Parameters;
import dev.vaekit.train.Adam;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batch normalization as a flow: batch statistics while training, running averages in evaluation, the
 * log-determinant of each example's affine map, and running averages that are saved but never trained.
 */
class BatchNormFlowTest {
    private static final int D = 4;
    private static final int BATCH = 16;

    private NDManager manager;
    private Parameters params;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        params = new Parameters(manager);
        Engines.seed(5);
    }

    @AfterEach
    void close() {
        params.close();
        manager.close();
    }

    /** A batch whose features have means 1, −2, … and standard deviations 0.5, 1.5, …. */
    private NDArray shiftedBatch(long seed) {
        float[] v = Fixtures.normal(seed, BATCH * D);
        for (int i = 0; i < v.length; i++) {
            int f = i % D;
            v[i] = v[i] * (0.5f + f) + (f % 2 == 0 ? 1f : -2f);
        }
        return Fixtures.array(manager, v, BATCH, D);
    }

    /** Per feature, the mean and biased variance of a (batch, d) row-major array, in double. */
    private static double[][] statistics(float[] x) {
        double[] mean = new double[D];
        double[] variance = new double[D];
        for (int i = 0; i < x.length; i++) {
            mean[i % D] += x[i] / (double) BATCH;
        }
        for (int i = 0; i < x.length; i++) {
            double c = x[i] - mean[i % D];
            variance[i % D] += c * c / BATCH;
        }
        return new double[][] {mean, variance};
    }

    @Test
    void trainingModeNormalisesWithTheBatchStatistics() {
        BatchNormFlow norm = new BatchNormFlow(params, "bn", D);
        Fixtures.perturb(params, 0.5f, 1);
        float[] logGamma = params.asMap().get("bn.logGamma").toFloatArray();
        float[] beta = params.asMap().get("bn.beta").toFloatArray();
        NDArray x = shiftedBatch(2);
        FlowLayer.Result r = norm.forward(x, null);

        float[] xs = x.toFloatArray();
        double[][] stats = statistics(xs);
        float[] y = r.output().toFloatArray();
        double logDet = 0;
        for (int f = 0; f < D; f++) {
            logDet += logGamma[f] - 0.5 * Math.log(stats[1][f] + BatchNormFlow.DEFAULT_EPSILON);
        }
        for (int i = 0; i < xs.length; i++) {
            int f = i % D;
            double expected = (xs[i] - stats[0][f])
                            / Math.sqrt(stats[1][f] + BatchNormFlow.DEFAULT_EPSILON)
                            * Math.exp(logGamma[f])
                    + beta[f];
            assertThat((double) y[i]).as("element %d", i).isCloseTo(expected, within(1e-4));
        }
        for (float v : r.logDet().toFloatArray()) {
            assertThat((double) v).isCloseTo(logDet, within(1e-4));
        }
    }

    @Test
    void evaluationModeRepeatsTheTrainingMapOnceTheAveragesHoldThatBatch() {
        // momentum 0: one training pass makes the running averages that batch's statistics
        BatchNormFlow norm = new BatchNormFlow(params, "bn", D, 0f, 1e-5f);
        Fixtures.perturb(params, 0.5f, 3);
        NDArray x = shiftedBatch(4);
        FlowLayer.Result training = norm.forward(x, null);
        norm.setTraining(false);
        FlowLayer.Result evaluation = norm.forward(x, null);

        assertThat(evaluation.logDet().sub(training.logDet()).abs().max().getFloat())
                .isLessThan(1e-5f);
        assertEvaluationRepeatsTrainingAsAnInvertibleAffineMap(norm, x, training, evaluation);
    }

    /**
     * Evaluation mode (with the averages holding x's statistics) gives training mode's output, and each example's
     * map is exactly affine there: autograd's Jacobian agrees with the log-det, and the inverse undoes it.
     */
    private static void assertEvaluationRepeatsTrainingAsAnInvertibleAffineMap(
            BatchNormFlow norm, NDArray x, FlowLayer.Result training, FlowLayer.Result evaluation) {
        assertThat(evaluation.output().sub(training.output()).abs().max().getFloat())
                .isLessThan(1e-4f);
        double[] numeric = FlowChecks.numericLogDet(norm, x, null);
        double[] reported = FlowChecks.doubles(evaluation.logDet());
        for (int b = 0; b < BATCH; b++) {
            assertThat(reported[b]).as("example %d", b).isCloseTo(numeric[b], within(1e-3));
        }
        assertThat(norm.inverse(evaluation.output(), null).sub(x).abs().max().getFloat())
                .isLessThan(1e-4f);
    }

    @Test
    void theRunningAveragesFollowTheMomentumAndInitialisationSetsThem() {
        BatchNormFlow norm = new BatchNormFlow(params, "bn", D, 0.75f, 1e-5f);
        NDArray first = shiftedBatch(6);
        NDArray second = shiftedBatch(7);
        norm.initialize(first, null);
        double[][] a = statistics(first.toFloatArray());
        assertRunning(a[0], a[1]);

        norm.forward(second, null);
        double[][] b = statistics(second.toFloatArray());
        double[] mean = new double[D];
        double[] variance = new double[D];
        for (int f = 0; f < D; f++) {
            mean[f] = 0.75 * a[0][f] + 0.25 * b[0][f];
            variance[f] = 0.75 * a[1][f] + 0.25 * b[1][f];
        }
        assertRunning(mean, variance);

        norm.setTraining(false);
        norm.forward(shiftedBatch(8), null); // evaluation leaves them alone
        assertRunning(mean, variance);
    }

    private void assertRunning(double[] mean, double[] variance) {
        float[] m = params.buffers().get("bn.runningMean").toFloatArray();
        float[] v = params.buffers().get("bn.runningVar").toFloatArray();
        for (int f = 0; f < D; f++) {
            assertThat((double) m[f]).as("mean %d", f).isCloseTo(mean[f], within(1e-5));
            assertThat((double) v[f]).as("variance %d", f).isCloseTo(variance[f], within(1e-4));
        }
    }

    @Test
    void theRunningAveragesAreSavedAndLoadedButNeverTrained() {
        BatchNormFlow norm = new BatchNormFlow(params, "bn", D);
        NDArray x = shiftedBatch(9);
        norm.initialize(x, null);
        assertThat(params.asMap()).containsOnlyKeys("bn.logGamma", "bn.beta");
        assertThat(params.buffers()).containsOnlyKeys("bn.runningMean", "bn.runningVar");

        float[] meanBefore = params.buffers().get("bn.runningMean").toFloatArray();
        float[] gammaBefore = params.asMap().get("bn.logGamma").toFloatArray();
        norm.setTraining(false); // evaluation mode: the loss reads the running averages
        try (Adam adam = new Adam(params, 0.9, 0.999)) {
            for (int step = 0; step < 3; step++) {
                try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                    FlowLayer.Result r = norm.forward(x, null);
                    collector.backward(r.output().square().sum().sub(r.logDet().sum()));
                }
                adam.update(0.1, 1);
            }
        }
        assertThat(params.buffers().get("bn.runningMean").toFloatArray()).containsExactly(meanBefore);
        assertThat(params.asMap().get("bn.logGamma").toFloatArray()).isNotEqualTo(gammaBefore);

        // a snapshot carries the buffers; loading it into a fresh layer restores them
        try (NDList saved = params.snapshot();
                Parameters other = new Parameters(manager)) {
            assertThat(saved.get("bn.runningMean")).isNotNull();
            assertThat(saved.get("bn.runningVar")).isNotNull();
            BatchNormFlow copy = new BatchNormFlow(other, "bn", D);
            other.load(saved, "snapshot");
            copy.setTraining(false);
            assertThat(copy.forward(x, null)
                            .output()
                            .sub(norm.forward(x, null).output())
                            .abs()
                            .max()
                            .getFloat())
                    .isZero();
        }
    }

    @Test
    void onImagesEachChannelIsNormalisedOverTheBatchAndItsPixels() {
        int c = 2;
        int h = 3;
        int w = 2;
        BatchNormFlow norm = new BatchNormFlow(params, "bn", c, 0f, 1e-5f);
        Fixtures.perturb(params, 0.5f, 11);
        float[] logGamma = params.asMap().get("bn.logGamma").toFloatArray();
        float[] beta = params.asMap().get("bn.beta").toFloatArray();
        float[] xs = Fixtures.normal(12, BATCH * c * h * w);
        for (int i = 0; i < xs.length; i++) {
            int channel = (i / (h * w)) % c;
            xs[i] = xs[i] * (1 + 2 * channel) + 3 * channel - 1; // channel 0 ~ N(−1, 1), channel 1 ~ N(2, 9)
        }
        NDArray x = Fixtures.array(manager, xs, BATCH, c, h, w);
        FlowLayer.Result training = norm.forward(x, null);

        double[] mean = new double[c];
        double[] variance = new double[c];
        int perChannel = BATCH * h * w;
        for (int i = 0; i < xs.length; i++) {
            mean[(i / (h * w)) % c] += xs[i] / (double) perChannel;
        }
        for (int i = 0; i < xs.length; i++) {
            int channel = (i / (h * w)) % c;
            variance[channel] += Math.pow(xs[i] - mean[channel], 2) / perChannel;
        }
        float[] y = training.output().toFloatArray();
        double logDet = 0;
        for (int channel = 0; channel < c; channel++) {
            logDet += h * w * (logGamma[channel] - 0.5 * Math.log(variance[channel] + 1e-5));
        }
        for (int i = 0; i < xs.length; i++) {
            int channel = (i / (h * w)) % c;
            double expected =
                    (xs[i] - mean[channel]) / Math.sqrt(variance[channel] + 1e-5) * Math.exp(logGamma[channel])
                            + beta[channel];
            assertThat((double) y[i]).as("element %d", i).isCloseTo(expected, within(1e-4));
        }
        for (float v : training.logDet().toFloatArray()) {
            assertThat((double) v).isCloseTo(logDet, within(1e-3));
        }

        // momentum 0: the averages now hold this batch, so evaluation repeats the map, exactly affine per example
        norm.setTraining(false);
        assertEvaluationRepeatsTrainingAsAnInvertibleAffineMap(norm, x, training, norm.forward(x, null));
    }

    @Test
    void refusesAShapeWhoseFeaturesOrChannelsDiffer() {
        BatchNormFlow norm = new BatchNormFlow(params, "bn", D);
        assertThatThrownBy(() -> norm.forward(manager.zeros(new Shape(BATCH, D + 1)), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(batch, " + D + ")");
        assertThatThrownBy(() -> norm.forward(manager.zeros(new Shape(BATCH, D, 2)), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
