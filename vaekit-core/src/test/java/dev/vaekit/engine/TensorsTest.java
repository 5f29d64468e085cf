package dev.vaekit.engine;

import static dev.vaekit.Fixtures.array;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TensorsTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** log sum exp in doubles, shifted. */
    private static double lse(double... v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double s = 0;
        for (double x : v) {
            s += Math.exp(x - max);
        }
        return max + Math.log(s);
    }

    @Test
    void logSumExpIsStableNearPlusAndMinusOneThousand() {
        float[] v = {1000f, 1000.5f, 999.25f, -1000f, -1000.5f, -999.25f};

        float[] out = Tensors.logSumExp(array(manager, v, 2, 3), 1, false).toFloatArray();

        assertThat(out).hasSize(2);
        assertThat(out[0]).isFinite();
        assertThat(out[1]).isFinite();
        assertThat((double) out[0]).isCloseTo(lse(1000, 1000.5, 999.25), within(1e-3));
        assertThat((double) out[1]).isCloseTo(lse(-1000, -1000.5, -999.25), within(1e-3));
    }

    @Test
    void logSumExpMatchesDoublesAlongEitherAxis() {
        float[] v = dev.vaekit.Fixtures.uniform(3, 12, -30, 30);
        NDArray x = array(manager, v, 3, 4);

        float[] rows = Tensors.logSumExp(x, 1, false).toFloatArray();
        float[] cols = Tensors.logSumExp(x, 0, false).toFloatArray();
        float[] last = Tensors.logSumExp(x, -1, false).toFloatArray();

        for (int i = 0; i < 3; i++) {
            assertThat((double) rows[i])
                    .isCloseTo(lse(v[i * 4], v[i * 4 + 1], v[i * 4 + 2], v[i * 4 + 3]), within(1e-4));
            assertThat(last[i]).isEqualTo(rows[i]);
        }
        for (int j = 0; j < 4; j++) {
            assertThat((double) cols[j]).isCloseTo(lse(v[j], v[4 + j], v[8 + j]), within(1e-4));
        }
    }

    @Test
    void logSumExpKeepsTheReducedAxisOnRequest() {
        NDArray x = manager.zeros(new Shape(2, 3, 4));

        assertThat(Tensors.logSumExp(x, 1, true).getShape()).isEqualTo(new Shape(2, 1, 4));
        assertThat(Tensors.logSumExp(x, 1, false).getShape()).isEqualTo(new Shape(2, 4));
        // log(3 e^0) = log 3
        assertThat((double) Tensors.logSumExp(x, 1, false).toFloatArray()[0]).isCloseTo(Math.log(3), within(1e-6));
    }

    @Test
    void logSumExpOfValuesFarApartIsTheLargest() {
        float[] out = Tensors.logSumExp(array(manager, new float[] {0f, -1000f, -2000f}, 3), 0, false)
                .toFloatArray();

        assertThat(out[0]).isEqualTo(0f);
    }

    @Test
    void logMeanExpSubtractsTheLogOfTheCount() {
        float[] v = {1000f, 1001f, 1002f, 1003f, -5f, -5f, -5f, -5f};

        float[] out = Tensors.logMeanExp(array(manager, v, 2, 4), 1).toFloatArray();

        assertThat((double) out[0]).isCloseTo(lse(1000, 1001, 1002, 1003) - Math.log(4), within(1e-3));
        // the mean of equal weights is that weight
        assertThat((double) out[1]).isCloseTo(-5, within(1e-5));
    }

    @Test
    void logMeanExpAlongTheSampleAxis() {
        float[] v = dev.vaekit.Fixtures.uniform(4, 10 * 3, -50, 0); // (samples 10, batch 3)

        float[] out = Tensors.logMeanExp(array(manager, v, 10, 3), 0).toFloatArray();

        assertThat(out).hasSize(3);
        for (int b = 0; b < 3; b++) {
            double[] col = new double[10];
            for (int s = 0; s < 10; s++) {
                col[s] = v[s * 3 + b];
            }
            assertThat((double) out[b]).isCloseTo(lse(col) - Math.log(10), within(1e-4));
        }
    }

    @Test
    void createCopiesValuesIntoAFloatTensorOfTheGivenShape() {
        float[] values = {1, 2, 3, 4, 5, 6};

        NDArray a = Tensors.create(manager, values, new Shape(2, 3));
        values[0] = 99; // the tensor must not see later changes to the array

        assertThat(a.getShape()).isEqualTo(new Shape(2, 3));
        assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(a.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(a.getManager()).isSameAs(manager);
    }

    @Test
    void scalarReadsOneValueAsADouble() {
        assertThat(Tensors.scalar(manager.create(2.5f))).isEqualTo(2.5);
        assertThat(Tensors.scalar(array(manager, new float[] {-7f}, 1, 1))).isEqualTo(-7.0);
    }
}
