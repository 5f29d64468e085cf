package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.Parameters;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A flow as a density model on 8-bit images: codes decode exactly, samples are pixel values, shapes are checked. */
class DensityFlowTest {
    private NDManager manager;
    private Parameters params;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        params = new Parameters(manager);
        Engines.seed(23);
    }

    @AfterEach
    void close() {
        params.close();
        manager.close();
    }

    private NDArray pixels(long... shape) {
        return manager.randomInteger(0, 256, new Shape(shape), DataType.INT32)
                .toType(DataType.FLOAT32, false)
                .div(255f);
    }

    private DensityFlow realNvp() {
        FlowLayer flow = ImageFlows.realNvp(
                params, "rnvp", 1, 4, 4, new ImageFlows.RealNvpOptions(2, 4, 1, ImageCoupling.Scale.TANH));
        return new DensityFlow(
                flow,
                new StandardNormalBase(),
                new Dequantization(Dequantization.Transform.LOGIT),
                new Shape(1, 4, 4),
                new Shape(16));
    }

    @Test
    void codesAtTheBinCentresDecodeToTheSame8BitValues() {
        DensityFlow model = realNvp();
        NDArray x = pixels(8, 16); // rows as vaekit's datasets hold them; reshaped to (1, 4, 4) inside
        model.initialize(x);
        Fixtures.perturb(params, 0.2f, 4);
        NDArray z = model.code(x);
        assertThat(z.getShape().getShape()).containsExactly(8, 16);
        assertThat(model.decode(z).reshape(8, 16).sub(x).abs().max().getFloat()).isLessThan(1e-6f);
        assertThat(model.dims()).isEqualTo(16);
        assertThat(model.discrete()).isTrue();
    }

    @Test
    void samplesAre8BitImagesDecodedFromABaseDrawScaledByTheTemperature() {
        DensityFlow model = realNvp();
        Fixtures.perturb(params, 0.2f, 5);
        Engines.seed(99);
        NDArray cold = model.sample(manager, 6, 0.5f);
        Engines.seed(99);
        NDArray z = new StandardNormalBase().sample(manager, new Shape(6, 16), 1f);
        NDArray byHand = model.decode(z.mul(0.5f));
        assertThat(cold.getShape().getShape()).containsExactly(6, 1, 4, 4);
        assertThat(cold.sub(byHand).abs().max().getFloat()).isZero();
        for (float v : cold.toFloatArray()) {
            assertThat(v).isBetween(0f, 1f);
            assertThat(v * 255f).isCloseTo((float) Math.round(v * 255f), within(1e-3f));
        }
        assertThatThrownBy(() -> model.sample(manager, 2, 0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature must be > 0, got 0.0");
    }

    @Test
    void shapesThatDoNotMatchTheFlowAreRefused() {
        assertThatThrownBy(() -> new DensityFlow(
                        new FlowSequence(List.of()), new StandardNormalBase(), null, new Shape(1, 4, 4), new Shape(15)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(1, 4, 4)")
                .hasMessageContaining("(15)");
        DensityFlow model = realNvp();
        assertThatThrownBy(() -> model.logProb(pixels(2, 1, 3, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 16 features per example, got shape (2, 1, 3, 3)");
    }
}
