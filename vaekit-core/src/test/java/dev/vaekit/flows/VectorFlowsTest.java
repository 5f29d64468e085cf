package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.Parameters;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vector architectures: their layers and tensor names, their start, their inverses, and the coupling masks. */
class VectorFlowsTest {
    private static final int D = 5;

    private NDManager manager;
    private Parameters params;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        params = new Parameters(manager);
        Engines.seed(59);
    }

    @AfterEach
    void close() {
        params.close();
        manager.close();
    }

    private static float maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void niceIsFourAdditiveCouplingsAndADiagonalScalingWhoseLogDetIsTheScalingAlone() {
        FlowSequence nice = VectorFlows.nice(params, "nice", D, List.of(8, 8));
        assertThat(nice.layers()).hasSize(VectorFlows.NICE_COUPLINGS + 1);
        assertThat(nice.layers().get(VectorFlows.NICE_COUPLINGS)).isInstanceOf(DiagonalScaling.class);
        assertThat(params.asMap())
                .containsKeys("nice.0.net.layers.1.weight", "nice.3.net.out.bias", "nice.scaling.logScale")
                .doesNotContainKey("nice.4.net.out.bias");

        NDArray x = FlowChecks.normal(manager, 6, D);
        FlowLayer.Result start = nice.forward(x, null);
        assertThat(maxAbsDiff(start.output(), x)).as("starts as the identity").isZero();

        Fixtures.perturb(params, 0.5f, 1);
        FlowLayer.Result r = nice.forward(x, null);
        assertThat(maxAbsDiff(r.output(), x)).isGreaterThan(0.1f);
        // additive couplings preserve volume (Dinh et al. 2015, §3.3): only the scaling changes it
        double sumLogScale = 0;
        for (float s : params.asMap().get("nice.scaling.logScale").toFloatArray()) {
            sumLogScale += s;
        }
        for (float v : r.logDet().toFloatArray()) {
            assertThat((double) v).isCloseTo(sumLogScale, within(1e-5));
        }
        assertThat(maxAbsDiff(nice.inverse(r.output(), null), x)).isLessThan(1e-4f);
    }

    @Test
    void realNvpPutsTheChosenNormalizationBeforeEachCoupling() {
        FlowSequence none = VectorFlows.realNvp(params, "a", D, List.of(8), 3, FlowNormalization.NONE);
        FlowSequence act = VectorFlows.realNvp(params, "b", D, List.of(8), 3, FlowNormalization.ACTNORM);
        FlowSequence batch = VectorFlows.realNvp(params, "c", D, List.of(8), 3, FlowNormalization.BATCHNORM);
        assertThat(none.layers()).hasSize(3).allMatch(l -> l instanceof Coupling);
        assertThat(act.layers()).hasSize(6);
        assertThat(act.layers().get(0)).isInstanceOf(ActNorm.class);
        assertThat(act.layers().get(1)).isInstanceOf(Coupling.class);
        assertThat(batch.layers().get(4)).isInstanceOf(BatchNormFlow.class);
        assertThat(params.asMap()).containsKeys("b.2.norm.logScale", "b.2.coupling.scale", "c.0.norm.logGamma");
        assertThat(params.buffers())
                .containsOnlyKeys(
                        "c.0.norm.runningMean", "c.0.norm.runningVar",
                        "c.1.norm.runningMean", "c.1.norm.runningVar",
                        "c.2.norm.runningMean", "c.2.norm.runningVar");

        // switching the sequence switches every batch normalization in it
        batch.setTraining(false);
        assertThat(batch.layers().stream().filter(l -> l instanceof BatchNormFlow))
                .hasSize(3)
                .allMatch(l -> !((BatchNormFlow) l).training());

        Fixtures.perturb(params, 0.5f, 2);
        NDArray x = FlowChecks.normal(manager, 6, D);
        act.initialize(x, null);
        for (FlowSequence flow : List.of(none, act, batch)) {
            FlowLayer.Result r = flow.forward(x, null);
            assertThat(maxAbsDiff(flow.inverse(r.output(), null), x)).isLessThan(1e-4f);
        }
    }

    @Test
    void autoregressiveStacksAlternateTheirOrderAndInvertWithTheirContext() {
        FlowSequence maf = VectorFlows.maf(params, "maf", D, List.of(12), 3, 2);
        FlowSequence iaf = VectorFlows.iaf(params, "iaf", D, List.of(12), 2, 2);
        assertThat(maf.layers()).hasSize(3);
        assertThat(params.asMap())
                .containsKeys("maf.2.made.out.weight", "maf.0.made.context.weight", "iaf.1.made.out.bias");
        Fixtures.perturb(params, 0.5f, 3);
        NDArray x = FlowChecks.normal(manager, 6, D);
        NDArray context = FlowChecks.normal(manager, 6, 2);
        for (FlowSequence flow : List.of(maf, iaf)) {
            FlowLayer.Result r = flow.forward(x, context);
            assertThat(maxAbsDiff(flow.inverse(r.output(), context), x)).isLessThan(1e-4f);
            double[] numeric = FlowChecks.numericLogDet(flow, x, context);
            double[] reported = FlowChecks.doubles(r.logDet());
            for (int b = 0; b < reported.length; b++) {
                assertThat(reported[b]).isCloseTo(numeric[b], within(2e-3));
            }
        }
        // the first MAF layer runs in the natural order, so its first feature is only shifted and scaled by
        // constants; the second, reversed, transforms the last feature that way: their Jacobians are triangular in
        // opposite directions
        AutoregressiveFlow first = (AutoregressiveFlow) maf.layers().get(0);
        AutoregressiveFlow second = (AutoregressiveFlow) maf.layers().get(1);
        NDArray y = x.mul(Fixtures.array(manager, new float[] {1, 0, 0, 0, 0}, D)); // zero every feature but the first
        NDArray firstA = first.forward(x, context).output().get(":, 0");
        NDArray firstB = first.forward(y, context).output().get(":, 0");
        assertThat(maxAbsDiff(firstA, firstB)).isZero();
        NDArray z = x.mul(Fixtures.array(manager, new float[] {0, 0, 0, 0, 1}, D)); // every feature but the last
        NDArray secondA = second.forward(x, context).output().get(":, " + (D - 1));
        NDArray secondB = second.forward(z, context).output().get(":, " + (D - 1));
        assertThat(maxAbsDiff(secondA, secondB)).isZero();
    }

    @Test
    void eachMaskKeepsItsFeaturesAndItsComplementTheOthers() {
        NDArray x = FlowChecks.normal(manager, 4, D);
        for (Coupling.Mask mask : Coupling.Mask.values()) {
            Coupling coupling = Coupling.affine(params, "c." + mask, D, List.of(8), mask);
            Fixtures.perturb(params, 0.5f, 4);
            float[] in = x.toFloatArray();
            float[] out = coupling.forward(x, null).output().toFloatArray();
            int kept = 0;
            for (int i = 0; i < D; i++) {
                assertThat(mask.complement().keeps(i, D)).isNotEqualTo(mask.keeps(i, D));
                boolean unchanged = true;
                for (int b = 0; b < 4; b++) {
                    unchanged &= in[b * D + i] == out[b * D + i];
                }
                assertThat(unchanged).as("%s, feature %d", mask, i).isEqualTo(mask.keeps(i, D));
                kept += mask.keeps(i, D) ? 1 : 0;
            }
            assertThat(kept).as(mask.toString()).isBetween(D / 2, D - D / 2);
        }
        assertThat(Coupling.Mask.FIRST_HALF.keeps(1, D)).isTrue();
        assertThat(Coupling.Mask.FIRST_HALF.keeps(2, D)).isFalse();
        assertThat(Coupling.Mask.ODD.keeps(3, D)).isTrue();
    }

    @Test
    void buildersRefuseAnEmptyStack() {
        assertThatThrownBy(() -> VectorFlows.nice(params, "n", D, List.of(8), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NICE coupling layers must be >= 1, got 0");
        assertThatThrownBy(() -> VectorFlows.maf(params, "m", D, List.of(8), 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAF layers must be >= 1");
        assertThatThrownBy(() -> new Coupling(params, "c", D, List.of(8), 2, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parity");
    }
}
