package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change of variables gives a normalised density: for 2-D flows with random, far-from-identity parameters,
 * p(x) = p_Z(f(x)) |det ∂f/∂x| sums to 1 over a fine grid, while differing clearly from the base density itself.
 */
class FlowDensityTest {
    private static final int N = 600;
    private static final double HALF_WIDTH = 15;

    private NDManager manager;
    private Parameters params;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        params = new Parameters(manager);
        Engines.seed(37);
    }

    @AfterEach
    void close() {
        params.close();
        manager.close();
    }

    /** log p(x) at the centres of the N × N grid on [−15, 15]². */
    private float[] logDensityOnGrid(FlowLayer flow, BaseDistribution base) {
        float[] grid = Fixtures.grid(N, -HALF_WIDTH, HALF_WIDTH, -HALF_WIDTH, HALF_WIDTH);
        NDArray x = Tensors.create(manager, grid, new Shape((long) N * N, 2));
        FlowLayer.Result r = flow.forward(x, null);
        return base.logProb(r.output()).add(r.logDet()).toFloatArray();
    }

    /** Checks Σ p · area = 1, and that p is neither the base density nor concentrated in a few cells. */
    private void assertNormalisedAndNonTrivial(float[] logP, BaseDistribution base, String what) {
        double cell = Math.pow(2 * HALF_WIDTH / N, 2);
        assertThat(Fixtures.mass(logP, cell)).as("%s: mass on the grid", what).isCloseTo(1.0, within(0.01));

        float[] grid = Fixtures.grid(N, -HALF_WIDTH, HALF_WIDTH, -HALF_WIDTH, HALF_WIDTH);
        float[] logBase = base.logProb(Tensors.create(manager, grid, new Shape((long) N * N, 2)))
                .toFloatArray();
        double totalVariation = 0;
        double largestCell = 0;
        for (int k = 0; k < logP.length; k++) {
            totalVariation += 0.5 * Math.abs(Math.exp(logP[k]) - Math.exp(logBase[k])) * cell;
            largestCell = Math.max(largestCell, Math.exp(logP[k]) * cell);
        }
        assertThat(totalVariation)
                .as("%s: distance from the base density", what)
                .isGreaterThan(0.1);
        assertThat(largestCell).as("%s: the grid resolves the density", what).isLessThan(0.002);
    }

    @Test
    void aRealNvpPlanarRadialMafStackIsNormalised() {
        List<FlowLayer> layers = new ArrayList<>();
        FlowSequence realNvp = VectorFlows.realNvp(params, "rnvp", 2, List.of(16, 16), 4, FlowNormalization.ACTNORM);
        layers.add(realNvp);
        layers.add(new PlanarFlow(params, "planar", 2));
        layers.add(new RadialFlow(params, "radial", 2));
        layers.add(VectorFlows.maf(params, "maf", 2, List.of(16), 2, 0));
        FlowSequence flow = new FlowSequence(layers);
        Fixtures.perturb(params, 0.4f, 41);
        flow.initialize(FlowChecks.normal(manager, 256, 2).mul(1.5f).add(0.5f), null);

        assertNormalisedAndNonTrivial(
                logDensityOnGrid(flow, new StandardNormalBase()), new StandardNormalBase(), "stack");
    }

    @Test
    void niceWithItsLogisticBaseIsNormalised() {
        FlowSequence nice = VectorFlows.nice(params, "nice", 2, List.of(16, 16));
        Fixtures.perturb(params, 0.4f, 43);
        BaseDistribution base = new StandardLogisticBase();
        assertNormalisedAndNonTrivial(logDensityOnGrid(nice, base), base, "nice");
    }

    @Test
    void aRealNvpWithBatchNormalizationInEvaluationModeIsNormalised() {
        FlowSequence flow = VectorFlows.realNvp(params, "rnvp", 2, List.of(16), 3, FlowNormalization.BATCHNORM);
        Fixtures.perturb(params, 0.4f, 47);
        flow.initialize(FlowChecks.normal(manager, 256, 2).mul(2f).sub(1f), null);
        flow.setTraining(false);
        BaseDistribution base = new StandardNormalBase();
        assertNormalisedAndNonTrivial(logDensityOnGrid(flow, base), base, "realnvp with batch norm");
    }
}
