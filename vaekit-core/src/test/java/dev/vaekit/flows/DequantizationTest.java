package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The 8-bit preprocessing and the bits/dim bookkeeping, against hand computations: a model uniform on [0, 1]^D has
 * exactly 8 bits/dim, and the logit's Jacobian is the closed form and a finite difference.
 */
class DequantizationTest {
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

    /** The density 1 on [0, 1)^D: log p = 0 there, −∞ outside. Test-only. */
    private static final class UniformOnUnitCube implements BaseDistribution {
        @Override
        public NDArray logProb(NDArray z) {
            NDArray flat = z.reshape(z.getShape().get(0), -1);
            NDArray inside = flat.gte(0f).logicalAnd(flat.lt(1f)).toType(DataType.FLOAT32, false);
            return inside.prod(new int[] {1}).log(); // log 1 = 0 inside the cube, log 0 = −∞ outside
        }

        @Override
        public NDArray sample(NDManager manager, Shape shape, float temperature) {
            return manager.randomUniform(0f, 1f, shape);
        }
    }

    /** Random 8-bit images stored as vaekit stores them, x/255. */
    private NDArray pixels(long... shape) {
        return manager.randomInteger(0, 256, new Shape(shape), DataType.INT32)
                .toType(DataType.FLOAT32, false)
                .div(255f);
    }

    @Test
    void eachValueLandsInItsOwnBinAndTheBinWidthIsCharged() {
        NDArray v = Tensors.create(manager, new float[] {0f, 1f, 128f / 255f, 3f / 255f}, new Shape(1, 1, 2, 2));
        Dequantization none = new Dequantization(Dequantization.Transform.NONE);
        Dequantization.Result centre = none.forward(v, false);
        assertThat(centre.output().toFloatArray()).containsExactly(0.5f / 256, 255.5f / 256, 128.5f / 256, 3.5f / 256);
        assertThat((double) centre.logDet().getFloat()).isCloseTo(-4 * Math.log(256), within(1e-4));
        assertThat(none.inverse(centre.output()).toFloatArray()).containsExactly(v.toFloatArray());

        // with u ~ U[0, 1) every y stays in its value's bin [x/256, (x + 1)/256), so the inverse recovers x exactly
        NDArray many = pixels(50, 3, 4, 4);
        for (Dequantization.Transform t : Dequantization.Transform.values()) {
            Dequantization d = new Dequantization(t);
            NDArray back = d.inverse(d.forward(many, true).output());
            assertThat(back.sub(many).abs().max().getFloat()).as(t.name()).isLessThan(1e-6f);
        }
        NDArray y = none.forward(many, true).output();
        NDArray bin = y.mul(256f).floor();
        assertThat(bin.sub(Dequantization.levels(many)).abs().max().getFloat()).isZero();
    }

    @Test
    void theLogitsLogJacobianIsTheClosedFormAndAFiniteDifference() {
        NDArray v = pixels(3, 1, 2, 3);
        Dequantization logit = new Dequantization(Dequantization.Transform.LOGIT);
        Dequantization.Result r = logit.forward(v, false);
        float[] y = new Dequantization(Dequantization.Transform.NONE)
                .forward(v, false)
                .output()
                .toFloatArray();
        float[] out = r.output().toFloatArray();
        float[] logDet = r.logDet().toFloatArray();
        double a = Dequantization.ALPHA;
        for (int b = 0; b < 3; b++) {
            double closedForm = -6 * Math.log(256);
            double finiteDifference = -6 * Math.log(256);
            for (int i = b * 6; i < b * 6 + 6; i++) {
                double s = a + (1 - 2 * a) * y[i];
                assertThat((double) out[i]).isCloseTo(Math.log(s / (1 - s)), within(1e-5));
                closedForm += Math.log(1 - 2 * a) - Math.log(s) - Math.log(1 - s);
                double h = 1e-6;
                finiteDifference += Math.log((logit(a, y[i] + h) - logit(a, y[i] - h)) / (2 * h));
            }
            assertThat((double) logDet[b]).as("example %d", b).isCloseTo(closedForm, within(1e-3));
            assertThat((double) logDet[b]).as("example %d", b).isCloseTo(finiteDifference, within(1e-3));
        }
    }

    private static double logit(double alpha, double y) {
        double s = alpha + (1 - 2 * alpha) * y;
        return Math.log(s / (1 - s));
    }

    @Test
    void theShiftMovesToTheCentredCubeAtNoVolumeCost() {
        NDArray v = pixels(2, 1, 2, 2);
        Dequantization.Result shifted = new Dequantization(Dequantization.Transform.SHIFT).forward(v, false);
        Dequantization.Result plain = new Dequantization(Dequantization.Transform.NONE).forward(v, false);
        assertThat(shifted.output().add(0.5f).sub(plain.output()).abs().max().getFloat())
                .isLessThan(1e-6f);
        assertThat(shifted.logDet().toFloatArray())
                .containsExactly(plain.logDet().toFloatArray());
    }

    @Test
    void aModelUniformOnTheUnitCubeHasExactly8BitsPerDim() {
        Shape image = new Shape(2, 3, 3);
        DensityFlow uniform = new DensityFlow(
                new FlowSequence(List.of()),
                new UniformOnUnitCube(),
                new Dequantization(Dequantization.Transform.NONE),
                image,
                image);
        // every draw of u gives the same value: p_Y = 1 on the cube, so −log P = D log 256 nats, 8 bits per value
        for (int draw = 0; draw < 3; draw++) {
            for (float bits : uniform.bitsPerDim(pixels(5, 18)).toFloatArray()) {
                assertThat((double) bits).isCloseTo(8.0, within(1e-5));
            }
        }
    }

    @Test
    void aLogisticBaseSeenThroughTheLogitIsUniformOnTheLogitsRange() {
        // y' = logit(s) with s = α + (1 − 2α) y: if y' is standard logistic, s = sigmoid(y') is U(0, 1), so y has the
        // constant density (1 − 2α) on [0, 1] and the model spends 8 − log₂(1 − 2α) bits per value, for any data
        Shape image = new Shape(1, 4, 4);
        DensityFlow model = new DensityFlow(
                new FlowSequence(List.of()),
                new StandardLogisticBase(),
                new Dequantization(Dequantization.Transform.LOGIT),
                image,
                image);
        double expected = 8 - Math.log(1 - 2 * Dequantization.ALPHA) / Math.log(2);
        for (float bits : model.bitsPerDim(pixels(20, 1, 4, 4)).toFloatArray()) {
            assertThat((double) bits).isCloseTo(expected, within(1e-4));
        }
    }
}
