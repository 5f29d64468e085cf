package dev.vaekit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic-with-a-number helpers of {@link Tensors} must survive a garbage collection between the forward and
 * the backward pass: their constants live in libtorch's memory. Each case runs the forward pass, drops every Java
 * reference it can, collects garbage, fills freshly allocated direct memory with NaN (so that a constant read from
 * freed Java memory would poison the gradient), and only then runs the backward pass.
 */
class GarbageCollectionSafetyTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = Engines.newManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void scaleDivideAndPowerKeepTheirConstantsThroughACollection() throws InterruptedException {
        // d/dx (3x) = 3; d/dx (x / 4) = 0.25; d/dx x^3 = 3x^2
        assertThat(gradient(x -> Tensors.scale(x, 3), 2f)).isEqualTo(3f);
        assertThat(gradient(x -> Tensors.divide(x, 4), 2f)).isEqualTo(0.25f);
        assertThat(gradient(x -> Tensors.power(x, 3), 2f)).isEqualTo(12f);
    }

    @Test
    void clampingKeepsItsBoundsThroughACollection() throws InterruptedException {
        // max(x, 1) passes the gradient where x > 1 and blocks it where x < 1; min(x, 1) the other way round
        assertThat(gradient(x -> Tensors.atLeast(x, 1), 2f)).isEqualTo(1f);
        assertThat(gradient(x -> Tensors.atLeast(x, 1), 0.5f)).isEqualTo(0f);
        assertThat(gradient(x -> Tensors.atMost(x, 1), 2f)).isEqualTo(0f);
        assertThat(gradient(x -> Tensors.atMost(x, 1), 0.5f)).isEqualTo(1f);
    }

    /** d f(x) / dx at one point, with a collection and NaN-filled fresh direct memory between forward and backward. */
    private float gradient(UnaryOperator<NDArray> f, float at) throws InterruptedException {
        NDArray x = manager.full(new ai.djl.ndarray.types.Shape(64), at);
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engines.engine().newGradientCollector()) {
            NDArray y = f.apply(x).sum();
            collectAndScribble();
            collector.backward(y);
        }
        float[] g = x.getGradient().toFloatArray();
        for (float v : g) {
            assertThat(v).isEqualTo(g[0]);
        }
        return g[0];
    }

    private static void collectAndScribble() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(20); // the cleaner thread frees unreachable direct buffers after the collection
        }
        List<ByteBuffer> scribbles = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 << (i % 4)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(Float.NaN);
            }
            scribbles.add(b);
        }
        assertThat(scribbles).hasSize(20_000);
    }
}
