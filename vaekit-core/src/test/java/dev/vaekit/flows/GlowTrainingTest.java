package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Parameters;
import dev.vaekit.train.Adam;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tiny Glow learns tiny structured 8-bit images: a few dozen Adam steps on the dequantization bound take its bits/dim
 * far below where it starts, and a training step leaves no tensors behind.
 */
class GlowTrainingTest {
    private static final int SIDE = 4;
    private static final int PIXELS = SIDE * SIDE;

    private NDManager manager;
    private Parameters params;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        params = new Parameters(manager);
        Engines.seed(17);
    }

    @AfterEach
    void close() {
        params.close();
        manager.close();
    }

    /**
     * 1 × 4 × 4 images with one degree of freedom plus noise: a brightness b, the left half b, the right half 255 − b,
     * each pixel jittered by up to ±2 levels; stored as x/255.
     */
    private NDArray images(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[n * PIXELS];
        for (int k = 0; k < n; k++) {
            int brightness = 40 + random.nextInt(176);
            for (int i = 0; i < SIDE; i++) {
                for (int j = 0; j < SIDE; j++) {
                    int level = (j < SIDE / 2 ? brightness : 255 - brightness) + random.nextInt(5) - 2;
                    v[k * PIXELS + i * SIDE + j] = level / 255f;
                }
            }
        }
        return Tensors.create(manager, v, new Shape(n, 1, SIDE, SIDE));
    }

    private DensityFlow glow() {
        FlowLayer flow = ImageFlows.glow(
                params, "glow", 1, SIDE, SIDE, new ImageFlows.GlowOptions(2, 2, 16, ImageCoupling.Scale.SIGMOID));
        Shape example = new Shape(1, SIDE, SIDE);
        return new DensityFlow(
                flow,
                new StandardNormalBase(),
                new Dequantization(Dequantization.Transform.SHIFT),
                example,
                new Shape(PIXELS));
    }

    private static double meanBitsPerDim(DensityFlow model, NDArray x) {
        try (NDScope ignored = new NDScope()) {
            return model.bitsPerDim(x).mean().getFloat();
        }
    }

    @Test
    void aFewDozenAdamStepsCutTheBitsPerDimOfStructuredImages() {
        DensityFlow model = glow();
        NDArray train = images(512, 1);
        NDArray test = images(256, 2);
        model.initialize(train.get("0:128"));
        double before = meanBitsPerDim(model, test);
        int arraysBefore = -1;
        try (Adam adam = new Adam(params, 0.9, 0.999)) {
            for (int step = 0; step < 40; step++) {
                if (step == 2) {
                    arraysBefore = manager.getManagedArrays().size();
                }
                long from = (step * 64L) % 512;
                try (NDScope ignored = new NDScope();
                        GradientCollector collector = Engines.engine().newGradientCollector()) {
                    NDArray loss = model.bitsPerDim(train.get(from + ":" + (from + 64)))
                            .mean();
                    collector.backward(loss);
                }
                assertThat(adam.update(0.01, 1.0))
                        .as("finite weights at step %d", step)
                        .isTrue();
            }
        }
        assertThat(manager.getManagedArrays().size())
                .as("tensors after 38 steps")
                .isEqualTo(arraysBefore);
        double after = meanBitsPerDim(model, test);
        // the images carry one number of 176 levels and 16 jitters of 5 levels: (log₂ 176 + 16 log₂ 5)/16 ≈ 2.8
        // bits/dim at best; the actnorm-initialised flow starts near 6.7 (measured) and 40 steps reach about 4.0
        assertThat(after)
                .as("bits/dim on held-out images, %.3f before training", before)
                .isLessThan(before - 2.0);
    }
}
