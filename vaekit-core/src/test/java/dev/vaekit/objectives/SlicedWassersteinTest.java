package dev.vaekit.objectives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.Shape;
import dev.vaekit.TensorTest;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sliced Wasserstein estimate against exact one-dimensional transport and the closed form between Gaussians. */
class SlicedWassersteinTest extends TensorTest {
    @Test
    void inOneDimensionItIsTheTransportOfTheSortedValues() {
        float[] x = {3, -1, 0.5f, 2, 7};
        float[] y = {0, 0, 1, -4, 2.5f};
        float[] sx = x.clone();
        float[] sy = y.clone();
        Arrays.sort(sx);
        Arrays.sort(sy);
        double exact = 0;
        for (int i = 0; i < 5; i++) {
            exact += Math.pow(sx[i] - sy[i], 2) / 5;
        }
        Engines.seed(1);
        // in ℝ¹ every direction is ±1, and both give the same pairing
        double sw = SlicedWasserstein.squared(
                        Tensors.create(manager, x, new Shape(5, 1)), Tensors.create(manager, y, new Shape(5, 1)), 7)
                .getFloat();
        assertThat(sw).isCloseTo(exact, within(1e-5));
    }

    @Test
    void betweenIsotropicGaussiansItIsTheSquaredShiftOverTheDimensionPlusTheSpreadsDifferenceSquared() {
        int d = 4;
        int n = 4000;
        SplittableRandom r = new SplittableRandom(2);
        float[] a = new float[n * d];
        float[] b = new float[n * d];
        double[] shift = {1, -0.5, 0, 2};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                a[i * d + j] = (float) r.nextGaussian();
                b[i * d + j] = (float) (shift[j] + 0.5 * r.nextGaussian());
            }
        }
        double norm2 = 1 + 0.25 + 0 + 4;
        double closedForm = norm2 / d + Math.pow(1 - 0.5, 2); // 1.5625
        Engines.seed(3);
        double sw = SlicedWasserstein.squared(
                        Tensors.create(manager, a, new Shape(n, d)), Tensors.create(manager, b, new Shape(n, d)), 2000)
                .getFloat();
        assertThat(sw).isCloseTo(closedForm, within(0.06));
    }
}
