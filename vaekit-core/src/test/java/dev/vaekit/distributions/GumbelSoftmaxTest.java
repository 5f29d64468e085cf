package dev.vaekit.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vaekit.TensorTest;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Gumbel-max trick and the Gumbel-softmax relaxation (Jang et al. 2017) against the categorical distribution they
 * stand for: exact draws hit each class with its probability, the relaxed draws' mean tends to the probabilities as
 * τ → 0 and to the uniform as τ grows, the straight-through draw is one-hot forward with the relaxed gradient, and the
 * KL to the uniform prior matches its closed form.
 */
class GumbelSoftmaxTest extends TensorTest {
    private static final float[] PROBABILITIES = {0.5f, 0.3f, 0.15f, 0.05f};
    private NDArray logits;

    @BeforeEach
    void open() {
        float[] l = new float[PROBABILITIES.length];
        for (int k = 0; k < l.length; k++) {
            l[k] = (float) Math.log(PROBABILITIES[k]) + 1.7f; // unnormalised on purpose
        }
        logits = manager.create(l, new Shape(1, l.length));
    }

    /** Mean of n draws of the relaxation at temperature τ. */
    private float[] relaxedMean(double temperature, int n, long seed) {
        Engines.seed(seed);
        NDArray g = GumbelSoftmax.gumbel(manager.randomUniform(0f, 1f, new Shape(n, PROBABILITIES.length)));
        return GumbelSoftmax.relaxed(logits, g, temperature).mean(new int[] {0}).toFloatArray();
    }

    @Test
    void gumbelMaxDrawsAndInverseDrawsHitEachClassWithItsProbability() {
        int n = 200_000;
        Engines.seed(1);
        NDArray g = GumbelSoftmax.gumbel(manager.randomUniform(0f, 1f, new Shape(n, PROBABILITIES.length)));
        float[] gumbelMax = GumbelSoftmax.sample(logits, g).mean(new int[] {0}).toFloatArray();
        NDArray u = manager.randomUniform(0f, 1f, new Shape(n, 1));
        NDArray inverse = GumbelSoftmax.sampleByInverse(logits, u);
        float[] byInverse = inverse.mean(new int[] {0}).toFloatArray();

        // each draw is one-hot
        assertThat(inverse.sum(new int[] {1}).toFloatArray()).containsOnly(1f);
        for (int k = 0; k < PROBABILITIES.length; k++) {
            double se = Math.sqrt(PROBABILITIES[k] * (1 - PROBABILITIES[k]) / n); // at most 0.0012
            assertThat((double) gumbelMax[k]).as("class %d", k).isCloseTo(PROBABILITIES[k], within(5 * se));
            assertThat((double) byInverse[k]).as("class %d", k).isCloseTo(PROBABILITIES[k], within(5 * se));
        }
    }

    @Test
    void theRelaxedMeanTendsToTheProbabilitiesAsTheTemperatureFalls() {
        double[] errors = new double[3];
        double[] temperatures = {2.0, 0.5, 0.02};
        for (int t = 0; t < 3; t++) {
            float[] mean = relaxedMean(temperatures[t], 200_000, 2);
            for (int k = 0; k < PROBABILITIES.length; k++) {
                errors[t] = Math.max(errors[t], Math.abs(mean[k] - PROBABILITIES[k]));
            }
        }
        // the expectation of softmax((log π + g)/τ) is π only in the limit τ → 0 (measured largest errors: 0.135 at
        // τ = 2, 0.024 at 0.5, 0.0017 at 0.02)
        assertThat(errors[2]).isLessThan(0.006);
        assertThat(errors[1]).isGreaterThan(0.015);
        assertThat(errors[0]).isGreaterThan(errors[1] + 0.05);
        // and a high temperature flattens every draw towards the uniform 1/K
        float[] hot = relaxedMean(1000, 20_000, 3);
        for (float v : hot) {
            assertThat((double) v).isCloseTo(0.25, within(0.01));
        }
    }

    @Test
    void straightThroughIsOneHotForwardWithTheRelaxedGradient() {
        Engines.seed(4);
        NDArray g = GumbelSoftmax.gumbel(manager.randomUniform(0f, 1f, new Shape(3, PROBABILITIES.length)));
        NDArray weights = manager.create(new float[] {1f, -2f, 0.5f, 3f});
        NDArray[] gradients = new NDArray[2];
        NDArray hard = null;
        for (int pass = 0; pass < 2; pass++) {
            NDArray l = logits.duplicate();
            l.setRequiresGradient(true);
            try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                NDArray y = GumbelSoftmax.relaxed(l, g, 0.7);
                NDArray out = pass == 0 ? GumbelSoftmax.straightThrough(y) : y;
                if (pass == 0) {
                    hard = out.duplicate();
                }
                collector.backward(out.mul(weights).sum());
            }
            gradients[pass] = l.getGradient().duplicate();
        }
        float[] h = hard.toFloatArray();
        for (int row = 0; row < 3; row++) {
            int ones = 0;
            for (int k = 0; k < 4; k++) {
                assertThat(h[row * 4 + k]).isIn(0f, 1f);
                ones += (int) h[row * 4 + k];
            }
            assertThat(ones).isEqualTo(1);
        }
        assertThat(gradients[0].toFloatArray()).containsExactly(gradients[1].toFloatArray(), within(1e-6f));
        assertThat(Tensors.scalar(gradients[0].abs().sum())).isGreaterThan(1e-3);
    }

    @Test
    void theKlToTheUniformPriorIsItsClosedForm() {
        double expected = 0;
        for (float p : PROBABILITIES) {
            expected += p * Math.log(p * PROBABILITIES.length);
        }
        assertThat(Tensors.scalar(GumbelSoftmax.klToUniform(logits))).isCloseTo(expected, within(1e-5));
        assertThat(Tensors.scalar(GumbelSoftmax.klToUniform(manager.zeros(new Shape(1, 7)))))
                .isCloseTo(0, within(1e-6));
        NDArray sharp = manager.create(new float[] {40f, 0f, 0f}, new Shape(1, 3));
        assertThat(Tensors.scalar(GumbelSoftmax.klToUniform(sharp))).isCloseTo(Math.log(3), within(1e-5));
        // log Cat of a one-hot value is the log-probability of its class
        NDArray third = manager.create(new float[] {0, 0, 1, 0}, new Shape(1, 4));
        assertThat(Tensors.scalar(GumbelSoftmax.logProb(third, logits))).isCloseTo(Math.log(0.15), within(1e-5));
    }

    @Test
    void theTemperatureIsAnnealedToItsFloor() {
        assertThat(GumbelSoftmax.temperature(1, 0.5, 0.1, 0)).isEqualTo(1);
        assertThat(GumbelSoftmax.temperature(1, 0.5, 0.1, 3)).isCloseTo(Math.exp(-0.3), within(1e-12));
        assertThat(GumbelSoftmax.temperature(1, 0.5, 0.1, 50)).isEqualTo(0.5);
        assertThat(GumbelSoftmax.temperature(0.67, 0.67, 0, 50)).isEqualTo(0.67);
    }
}
