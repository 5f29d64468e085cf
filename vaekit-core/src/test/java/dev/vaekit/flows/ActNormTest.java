package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.Parameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Actnorm (Kingma &amp; Dhariwal 2018, §3.1) on vectors and on images after its data-dependent initialisation: the
 * first batch comes out with zero mean and unit variance per channel, the log-determinant is H·W·Σ log|s| and matches
 * autograd, and the inverse undoes the map.
 */
class ActNormTest {
    private static final int C = 3;

    private NDManager manager;
    private Parameters params;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        params = new Parameters(manager);
        Engines.seed(29);
    }

    @AfterEach
    void close() {
        params.close();
        manager.close();
    }

    /** A batch whose channel c has mean 2c − 1 and standard deviation c + 0.5, of shape (n, C) or (n, C, h, w). */
    private NDArray shifted(long... shape) {
        long size = 1;
        for (long s : shape) {
            size *= s;
        }
        float[] v = Fixtures.normal(shape.length + size, (int) size);
        long perChannel = size / shape[0] / C;
        for (int i = 0; i < v.length; i++) {
            int c = (int) ((i / perChannel) % C);
            v[i] = v[i] * (c + 0.5f) + (2 * c - 1);
        }
        return Fixtures.array(manager, v, shape);
    }

    /** Mean and variance of each channel of y over the batch and the pixels. */
    private static double[][] channelMoments(NDArray y) {
        long[] shape = y.getShape().getShape();
        long perChannel = y.getShape().size() / shape[0] / C;
        float[] v = y.toFloatArray();
        double[] sum = new double[C];
        double[] squares = new double[C];
        for (int i = 0; i < v.length; i++) {
            int c = (int) ((i / perChannel) % C);
            sum[c] += v[i];
            squares[c] += (double) v[i] * v[i];
        }
        double n = v.length / (double) C;
        double[][] out = new double[2][C];
        for (int c = 0; c < C; c++) {
            out[0][c] = sum[c] / n;
            out[1][c] = squares[c] / n - out[0][c] * out[0][c];
        }
        return out;
    }

    @Test
    void initialisationStandardisesEachChannelOfVectorsAndImages() {
        long[][] shapes = {{64, C}, {8, C, 4, 5}};
        for (int k = 0; k < shapes.length; k++) {
            ActNorm norm = new ActNorm(params, "norm" + k, C);
            NDArray x = shifted(shapes[k]);
            norm.initialize(x, null);
            double[][] moments = channelMoments(norm.forward(x, null).output());
            for (int c = 0; c < C; c++) {
                assertThat(moments[0][c])
                        .as("shape %d, mean of channel %d", k, c)
                        .isCloseTo(0, within(1e-4));
                assertThat(moments[1][c])
                        .as("shape %d, variance of channel %d", k, c)
                        .isCloseTo(1, within(1e-3));
            }
        }
    }

    @Test
    void afterInitialisationTheLogDeterminantIsPixelsTimesTheLogScalesAndMatchesAutograd() {
        long[][] shapes = {{4, C}, {2, C, 2, 3}};
        long[] pixels = {1, 6};
        for (int k = 0; k < shapes.length; k++) {
            ActNorm norm = new ActNorm(params, "norm" + k, C);
            NDArray x = shifted(shapes[k]);
            norm.initialize(x, null);
            FlowLayer.Result r = norm.forward(x, null);
            double sumLogScale = 0;
            for (float s : params.asMap().get("norm" + k + ".logScale").toFloatArray()) {
                sumLogScale += s;
            }
            assertThat(Math.abs(sumLogScale))
                    .as("the initialisation moved the scales")
                    .isGreaterThan(0.1);
            double[] reported = FlowChecks.doubles(r.logDet());
            double[] numeric = FlowChecks.numericLogDet(norm, x, null);
            for (int b = 0; b < reported.length; b++) {
                assertThat(reported[b])
                        .as("shape %d, example %d", k, b)
                        .isCloseTo(pixels[k] * sumLogScale, within(1e-4));
                assertThat(reported[b]).as("shape %d, example %d", k, b).isCloseTo(numeric[b], within(1e-3));
            }
            assertThat(norm.inverse(r.output(), null).sub(x).abs().max().getFloat())
                    .isLessThan(1e-4f);
        }
    }
}
