package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.Parameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdamTest {
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;

    private NDManager manager;
    private Parameters params;
    private NDArray w;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        params = new Parameters(manager);
        w = params.constant("w", new Shape(3), 0.5f);
    }

    @AfterEach
    void close() {
        params.close();
        manager.close();
    }

    /** Sets the gradient of w to g (the loss Σ g·w). */
    private void backward(float... g) {
        NDArray c = manager.create(g);
        try (GradientCollector collector = Engines.engine().newGradientCollector()) {
            collector.backward(w.mul(c).sum());
        }
    }

    @Test
    void twoStepsFollowAlgorithmOneOfKingmaAndBa() {
        float[][] grads = {{1f, -2f, 0.5f}, {0.3f, -0.1f, -4f}};
        double lr = 0.01;
        double[] theta = {0.5, 0.5, 0.5};
        double[] m = new double[3];
        double[] v = new double[3];
        try (Adam adam = new Adam(params, B1, B2)) {
            for (int t = 1; t <= 2; t++) {
                backward(grads[t - 1]);
                adam.update(lr, 1);
                double correction = Math.sqrt(1 - Math.pow(B2, t)) / (1 - Math.pow(B1, t));
                for (int i = 0; i < 3; i++) {
                    double g = grads[t - 1][i];
                    m[i] = B1 * m[i] + (1 - B1) * g;
                    v[i] = B2 * v[i] + (1 - B2) * g * g;
                    theta[i] -= lr * correction * m[i] / (Math.sqrt(v[i]) + 1e-8);
                }
                float[] got = w.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertThat((double) got[i])
                            .as("step %d, coordinate %d", t, i)
                            .isCloseTo(theta[i], within(1e-6));
                }
            }
            assertThat(adam.step()).isEqualTo(2);
            // the first step moves each weight by about lr against the sign of its gradient
            assertThat(theta[0]).isLessThan(0.5);
        }
    }

    @Test
    void aParameterLongerThanOneChunkIsUpdatedAndSavedWeightForWeight() {
        int n = 10_000; // the optimiser works in chunks of 4,096 weights: two full ones and a partial one
        try (Parameters large = new Parameters(manager)) {
            NDArray x = large.constant("x", new Shape(n), 0.5f);
            float[] g = new float[n];
            for (int j = 0; j < n; j++) {
                g[j] = (j % 7 - 3) * 0.25f;
            }
            NDList saved;
            try (Adam adam = new Adam(large, B1, B2)) {
                try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                    collector.backward(x.mul(manager.create(g)).sum());
                }
                assertThat(adam.gradientsFinite()).isTrue();
                adam.update(0.01, 1);
                float[] got = x.toFloatArray();
                for (int j = 0; j < n; j++) {
                    // the first step moves each weight by lr against the sign of its gradient (or not at all)
                    double expected = 0.5 - 0.01 * Math.signum(g[j]) * Math.abs(g[j]) / (Math.abs(g[j]) + 1e-8);
                    assertThat((double) got[j]).as("weight %d", j).isCloseTo(expected, within(1e-6));
                }
                saved = adam.snapshot(manager);
            }
            double[] m = saved.get("x.m").toDoubleArray();
            for (int j = 0; j < n; j++) {
                assertThat(m[j]).as("m %d", j).isCloseTo((1 - B1) * g[j], within(1e-7));
            }
            try (Adam fresh = new Adam(large, B1, B2);
                    NDList again = restored(fresh, saved)) {
                assertThat(again.get("x.v").toDoubleArray())
                        .containsExactly(saved.get("x.v").toDoubleArray());
            }
            saved.close();
        }
    }

    private NDList restored(Adam adam, NDList saved) {
        adam.restore(saved, 1, "test");
        return adam.snapshot(manager);
    }

    @Test
    void tinyAndLargeGradientsKeepTheirMomentsInSinglePrecision() {
        // g² of 1e-20 is 1e-40, a subnormal float: the moments are kept scaled by powers of two to avoid that
        float[] g = {1e-20f, 3e-12f, 2e6f};
        try (Adam adam = new Adam(params, B1, B2)) {
            backward(g);
            assertThat(adam.gradientsFinite()).isTrue();
            adam.update(0.01, 1);
            try (NDList s = adam.snapshot(manager)) {
                double[] m = s.get("w.m").toDoubleArray();
                double[] v = s.get("w.v").toDoubleArray();
                for (int i = 0; i < 3; i++) {
                    assertThat(m[i]).as("m %d", i).isCloseTo((1 - B1) * g[i], within(1e-6 * (1 - B1) * g[i]));
                    double vi = (1 - B2) * (double) g[i] * g[i];
                    assertThat(v[i]).as("v %d", i).isCloseTo(vi, within(1e-6 * vi));
                }
            }
        }
    }

    @Test
    void theSecondMomentStaysOutOfSubnormalNumbersWhileAGradientStaysZero() {
        try (Adam adam = new Adam(params, B1, B2)) {
            backward(1e-20f, 1f, 0f);
            adam.gradientsFinite();
            adam.update(0.01, 1);
            // v·2^60 of the first weight starts near 1e-25 and decays by β₂ a step: without a floor it would be
            // subnormal (below 1.2e-38) after about 30,000 steps of zero gradient
            for (int t = 0; t < 40_000; t++) {
                adam.gradientsFinite();
                adam.update(0.01, 1);
            }
            try (NDList s = adam.snapshot(manager)) {
                for (double v : s.get("w.v").toDoubleArray()) {
                    assertThat(v * 0x1p60).isGreaterThanOrEqualTo(Float.MIN_NORMAL);
                }
            }
            for (float x : w.toFloatArray()) {
                assertThat(Float.isFinite(x)).isTrue();
            }
        }
    }

    @Test
    void theCheckedFastUpdateAndTheCappedOneAgree() {
        float[][] grads = {{1f, -2f, 0.5f}, {0.3f, -1e-9f, -4f}, {2e3f, 2f, 1e-30f}};
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            w.set(new float[] {0.5f, 0.5f, 0.5f});
            try (Adam adam = new Adam(params, B1, B2)) {
                for (float[] g : grads) {
                    backward(g);
                    if (run == 0) {
                        assertThat(adam.gradientsFinite()).isTrue(); // small checked gradients: the vectorised sweep
                    }
                    adam.update(0.01, 0.5); // unchecked: the capped sweep in double precision
                }
            }
            weights[run] = w.toFloatArray();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(weights[0][i]).as("coordinate %d", i).isCloseTo(weights[1][i], within(1e-6f));
        }
    }

    @Test
    void aHugeGradientLeavesFiniteMomentsThatDecayAgain() {
        try (Adam adam = new Adam(params, B1, B2)) {
            backward(1e30f, -1e38f, 1f);
            assertThat(adam.gradientsFinite()).isTrue();
            assertThat(adam.update(0.01, 1)).isTrue();
            try (NDList s = adam.snapshot(manager)) {
                for (double v : s.get("w.v").toDoubleArray()) {
                    assertThat(v).isFinite().isPositive();
                }
                for (double m : s.get("w.m").toDoubleArray()) {
                    assertThat(m).isFinite();
                }
            }
            float[] before = w.toFloatArray();
            for (int t = 0; t < 50; t++) {
                backward(-1f, 1f, 1f);
                adam.gradientsFinite();
                adam.update(0.01, 1);
            }
            float[] after = w.toFloatArray();
            // the capped v decays by β₂ a step, so the steps stay tiny but nonzero; none is frozen by v = ∞
            for (int i = 0; i < 3; i++) {
                assertThat(after[i]).as("coordinate %d", i).isNotEqualTo(before[i]);
            }
        }
    }

    @Test
    void updateZeroesTheGradients() {
        try (Adam adam = new Adam(params, B1, B2)) {
            backward(1f, 2f, 3f);
            adam.update(0.01, 1);

            assertThat(params.gradient("w").toFloatArray()).containsExactly(0f, 0f, 0f);
        }
    }

    @Test
    void updateReportsWhetherTheWeightsStayedFinite() {
        try (Adam adam = new Adam(params, B1, B2)) {
            backward(1f, 2f, 3f);
            assertThat(adam.update(0.01, 1)).isTrue();

            backward(1f, 2f, 3f);
            assertThat(adam.gradientsFinite()).isTrue();
            adam.update(0.01, 1);

            backward(1f, Float.POSITIVE_INFINITY, 3f);
            assertThat(adam.gradientsFinite()).isFalse();
            params.zeroGradients();

            backward(1f, Float.NaN, 3f);
            assertThat(adam.gradientsFinite()).isFalse();
            assertThat(adam.update(0.01, 1)).isFalse();
        }
    }

    @Test
    void gradientNormIsTheGlobalEuclideanNorm() {
        try (Adam adam = new Adam(params, B1, B2)) {
            backward(3f, 0f, -4f);

            assertThat(adam.gradientNorm()).isCloseTo(5.0, within(1e-6));
        }
    }

    @Test
    void gradientScaleScalesTheGradientBeforeTheMoments() {
        try (Adam adam = new Adam(params, B1, B2)) {
            backward(2f, -2f, 4f);
            adam.update(0.01, 0.5);

            try (NDList s = adam.snapshot(manager)) {
                double[] m = s.get("w.m").toDoubleArray();
                assertThat(m[0]).isCloseTo(0.1 * 1, within(1e-6));
                assertThat(m[2]).isCloseTo(0.1 * 2, within(1e-6));
                double[] v = s.get("w.v").toDoubleArray();
                assertThat(v[2]).isCloseTo(0.001 * 4, within(1e-7));
            }
        }
    }

    @Test
    void restoreBringsBackMomentsAndStep() {
        NDList saved;
        try (Adam adam = new Adam(params, B1, B2)) {
            backward(1f, 2f, 3f);
            adam.update(0.01, 1);
            saved = adam.snapshot(manager);
        }
        try (Adam fresh = new Adam(params, B1, B2)) {
            fresh.restore(saved, 1, "test");

            assertThat(fresh.step()).isEqualTo(1);
            try (NDList s = fresh.snapshot(manager)) {
                assertThat(s.get("w.m").toDoubleArray())
                        .containsExactly(saved.get("w.m").toDoubleArray());
                assertThat(s.get("w.v").toDoubleArray())
                        .containsExactly(saved.get("w.v").toDoubleArray());
            }
        }
        saved.close();
    }

    @Test
    void theWeightAverageFollowsTheExponentialRecurrenceFromTheStartingWeights() {
        double d = 0.99;
        float[][] grads = {{1f, -2f, 0.5f}, {0.3f, -0.1f, -4f}, {2f, 2f, 2f}, {-1f, 0f, 1f}};
        double[] average = {0.5, 0.5, 0.5}; // the weights before the first update
        try (Adam adam = new Adam(params, B1, B2, d)) {
            assertThat(adam.averagedWeights())
                    .as("nothing to average before an update")
                    .isNull();
            for (int t = 1; t <= grads.length; t++) {
                backward(grads[t - 1]);
                adam.update(0.1, 1);
                double keep = Math.min(d, (1.0 + t) / (10.0 + t)); // 2/11, 3/12, ...: the warm-up of the decay
                float[] now = w.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    average[i] = keep * average[i] + (1 - keep) * now[i];
                }
            }
            try (NDList a = adam.averagedWeights()) {
                double[] got = a.get("w")
                        .toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                        .toDoubleArray();
                for (int i = 0; i < 3; i++) {
                    assertThat(got[i]).as("coordinate %d", i).isCloseTo(average[i], within(1e-6));
                }
                // the average lags behind the weights, which moved by about 0.1 a step
                assertThat(got[2]).isNotCloseTo(w.toFloatArray()[2], within(1e-3));
            }
        }
    }

    @Test
    void aRestoredAverageContinuesWhereTheSavedOneStopped() {
        NDList saved;
        try (Adam adam = new Adam(params, B1, B2, 0.5)) {
            backward(1f, 2f, 3f);
            adam.update(0.1, 1);
            saved = adam.averagedWeights();
        }
        try (Adam fresh = new Adam(params, B1, B2, 0.5);
                Adam off = new Adam(params, B1, B2)) {
            fresh.restoreAverages(saved, "test");
            off.restoreAverages(saved, "test"); // ignored: this one keeps no average
            assertThat(off.averagedWeights()).isNull();
            try (NDList a = fresh.averagedWeights()) {
                assertThat(a.get("w").toFloatArray())
                        .containsExactly(saved.get("w").toFloatArray());
            }
        }
        saved.close();
    }
}
