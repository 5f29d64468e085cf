package dev.vaekit.eval.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearClassifierTest {

    @Test
    void separableClassesAreSeparated() {
        SplittableRandom random = new SplittableRandom(1);
        int n = 300;
        double[][] x = new double[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(3);
            // three clusters at angles 0, 120 and 240 degrees: each separable from the rest by a line
            double angle = 2 * Math.PI * y[i] / 3;
            x[i][0] = 3 * Math.cos(angle) + 0.3 * random.nextDouble();
            x[i][1] = 3 * Math.sin(angle) + 0.3 * random.nextDouble();
        }
        assertThat(LinearClassifier.logistic(x, y, 1, 0).accuracy(x, y)).isEqualTo(1.0);
        assertThat(LinearClassifier.squaredHingeSvm(x, y, 1, false, 0).accuracy(x, y))
                .isEqualTo(1.0);
    }

    @Test
    void balancedWeightsRaiseTheRareClass() {
        // one feature, classes overlapping: 90 % class 0 around 0, 10 % class 1 around 1
        SplittableRandom random = new SplittableRandom(2);
        int n = 2000;
        double[][] x = new double[n][1];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextDouble() < 0.1 ? 1 : 0;
            x[i][0] = y[i] + 1.2 * (random.nextDouble() - 0.5);
        }
        double[][] probe = {{0.55}};
        // unweighted, the majority wins the overlap; balanced, the cut moves to the middle of the overlap
        assertThat(LinearClassifier.squaredHingeSvm(x, y, 1, false, 0).predict(probe[0]))
                .isZero();
        assertThat(LinearClassifier.squaredHingeSvm(x, y, 1, true, 0).predict(probe[0]))
                .isEqualTo(1);
    }

    @Test
    void theRegularisedLogisticRegressionIsTheMinimiserOfItsObjective() {
        // two points, one feature plus the regularised intercept: C Σ log(1 + e^{−y (w x + b)}) + (w² + b²) / 2 with
        // x = ±1, y = ±1 is symmetric, so b = 0 and w solves w = 2C σ(−w), a contraction for C = 1
        double[][] x = {{1}, {-1}};
        int[] y = {1, 0};
        LinearClassifier model = LinearClassifier.logistic(x, y, 1, 0);
        double w = 0;
        for (int i = 0; i < 200; i++) {
            w = 2 / (1 + Math.exp(w));
        }
        assertThat(w).isCloseTo(0.6748, within(1e-4));
        // liblinear stops when the gradient's norm is below 1e-4 of its start
        assertThat(model.weights()[0]).isCloseTo(w, within(1e-3));
        assertThat(model.weights()[1]).isCloseTo(0, within(1e-3));
        assertThat(model.predict(new double[] {1e-3})).isEqualTo(1);
        assertThat(model.predict(new double[] {-1e-3})).isZero();
    }

    @Test
    void theSquaredHingeSvmIsTheMinimiserOfItsObjective() {
        // the same two points: C Σ max(0, 1 − y (w x + b))² + (w² + b²) / 2 gives b = 0 and the minimum of
        // 2C (1 − w)² + w² / 2 at w = 4C / (1 + 4C): 1/26 for C = 0.01
        double[][] x = {{1}, {-1}};
        int[] y = {1, 0};
        LinearClassifier model = LinearClassifier.squaredHingeSvm(x, y, 0.01, false, 0);
        assertThat(model.weights()[0]).isCloseTo(1.0 / 26, within(1e-4));
        assertThat(model.weights()[1]).isCloseTo(0, within(1e-4));
    }
}
