package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.Parameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every vector flow layer, with its parameters moved off their initial values: its inverse undoes it, and its
 * log-determinant equals the log |det| of the Jacobian that autograd computes.
 */
class VectorFlowLayersTest {
    private static final int D = 5;
    private static final int CONTEXT = 12; // room for one amortized planar step's 2D + 1 columns after an offset

    private NDManager manager;
    private Parameters params;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        params = new Parameters(manager);
        Engines.seed(11);
    }

    @AfterEach
    void close() {
        params.close();
        manager.close();
    }

    /** name → (params, prefix) → layer; the context flag says whether the layer reads one. */
    private record Case(String name, BiFunction<Parameters, String, FlowLayer> build, boolean context) {}

    private static List<Case> cases() {
        return List.of(
                new Case("planar", (p, n) -> new PlanarFlow(p, n, D), false),
                new Case("amortized planar", (p, n) -> PlanarFlow.amortized(D, 1), true),
                new Case("radial", (p, n) -> new RadialFlow(p, n, D), false),
                new Case("reverse", (p, n) -> new Reverse(), false),
                new Case("random permutation", (p, n) -> Permutation.random(p, D, 13), false),
                new Case("additive coupling", (p, n) -> new Coupling(p, n, D, List.of(8, 8), 0, false), false),
                new Case("affine coupling", (p, n) -> new Coupling(p, n, D, List.of(8), 1, true), false),
                new Case(
                        "additive coupling, first half kept",
                        (p, n) -> Coupling.additive(p, n, D, List.of(8), Coupling.Mask.FIRST_HALF),
                        false),
                new Case(
                        "affine coupling, second half kept",
                        (p, n) -> Coupling.affine(p, n, D, List.of(8, 8), Coupling.Mask.SECOND_HALF),
                        false),
                new Case("diagonal scaling", (p, n) -> new DiagonalScaling(p, n, D), false),
                new Case("actnorm", (p, n) -> new ActNorm(p, n, D), false),
                new Case("batch norm, evaluation mode", VectorFlowLayersTest::batchNormInEvaluationMode, false),
                new Case(
                        "iaf with context",
                        (p, n) -> new AutoregressiveFlow(
                                p, n, D, List.of(12, 12), CONTEXT, false, AutoregressiveFlow.Kind.IAF),
                        true),
                new Case(
                        "iaf reversed",
                        (p, n) -> new AutoregressiveFlow(p, n, D, List.of(12), 0, true, AutoregressiveFlow.Kind.IAF),
                        false),
                new Case(
                        "maf reversed",
                        (p, n) -> new AutoregressiveFlow(p, n, D, List.of(12), 0, true, AutoregressiveFlow.Kind.MAF),
                        false),
                new Case(
                        "maf with context",
                        (p, n) -> new AutoregressiveFlow(
                                p, n, D, List.of(12, 12), CONTEXT, false, AutoregressiveFlow.Kind.MAF),
                        true));
    }

    /**
     * Batch normalization with running averages taken from a batch of mean 1 and standard deviation 2, switched to
     * evaluation mode (its training mode is checked against this one in {@link BatchNormFlowTest}).
     */
    private static FlowLayer batchNormInEvaluationMode(Parameters p, String name) {
        BatchNormFlow norm = new BatchNormFlow(p, name, D);
        norm.initialize(FlowChecks.normal(p.manager(), 32, D).mul(2f).add(1f), null);
        norm.setTraining(false);
        return norm;
    }

    private Map<String, FlowLayer> built() {
        Map<String, FlowLayer> layers = new LinkedHashMap<>();
        for (Case c : cases()) {
            layers.put(c.name(), c.build().apply(params, c.name().replace(' ', '_')));
        }
        Fixtures.perturb(params, 0.5f, 3);
        return layers;
    }

    @Test
    void everyInvertibleLayerInverts() {
        NDArray x = FlowChecks.normal(manager, 7, D);
        NDArray context = FlowChecks.normal(manager, 7, CONTEXT);
        Map<String, FlowLayer> layers = built();
        for (Case c : cases()) {
            FlowLayer layer = layers.get(c.name());
            NDArray ctx = c.context() ? context : null;
            if (!layer.invertible()) {
                continue; // planar (both kinds) and radial: covered by their log-determinants below
            }
            NDArray back = layer.inverse(layer.forward(x, ctx).output(), ctx);
            assertThat(back.sub(x).abs().max().getFloat()).as(c.name()).isLessThan(1e-4f);
        }
        assertThat(layers.values().stream().filter(FlowLayer::invertible)).hasSize(cases().size() - 3);
    }

    @Test
    void everyLogDeterminantMatchesTheAutogradJacobian() {
        NDArray x = FlowChecks.normal(manager, 4, D);
        NDArray context = FlowChecks.normal(manager, 4, CONTEXT);
        Map<String, FlowLayer> layers = built();
        for (Case c : cases()) {
            FlowLayer layer = layers.get(c.name());
            NDArray ctx = c.context() ? context : null;
            double[] reported = FlowChecks.doubles(layer.forward(x, ctx).logDet());
            double[] numeric = FlowChecks.numericLogDet(layer, x, ctx);
            for (int b = 0; b < reported.length; b++) {
                assertThat(reported[b]).as(c.name() + ", example " + b).isCloseTo(numeric[b], within(2e-3));
            }
        }
    }

    @Test
    void anAmortizedPlanarStepFedTheSharedParametersIsTheSharedStep() {
        PlanarFlow shared = new PlanarFlow(params, "shared", D);
        Fixtures.perturb(params, 0.8f, 5);
        NDArray x = FlowChecks.normal(manager, 6, D);
        NDArray row = params.asMap()
                .get("shared.u")
                .concat(params.asMap().get("shared.w"))
                .concat(params.asMap().get("shared.b"))
                .reshape(1, 2 * D + 1);
        NDArray context = FlowChecks.normal(manager, 6, 2).concat(row.repeat(0, 6), 1); // this step's columns at 2

        FlowLayer.Result a = shared.forward(x, null);
        FlowLayer.Result b = PlanarFlow.amortized(D, 2).forward(x, context);

        assertThat(a.output().sub(b.output()).abs().max().getFloat()).isLessThan(1e-6f);
        assertThat(a.logDet().sub(b.logDet()).abs().max().getFloat()).isLessThan(1e-6f);
        // and each example gets its own flow: another row, another output
        NDArray other = context.duplicate();
        other.set(new NDIndex("0, 2:"), 0.3f);
        assertThat(PlanarFlow.amortized(D, 2)
                        .forward(x, other)
                        .output()
                        .get(0)
                        .sub(b.output().get(0))
                        .abs()
                        .max()
                        .getFloat())
                .isGreaterThan(1e-3f);
    }

    @Test
    void theIafDependsOnItsContext() {
        FlowLayer iaf =
                new AutoregressiveFlow(params, "iaf", D, List.of(12), CONTEXT, false, AutoregressiveFlow.Kind.IAF);
        Fixtures.perturb(params, 0.5f, 4);
        NDArray x = FlowChecks.normal(manager, 3, D);
        NDArray a = iaf.forward(x, FlowChecks.normal(manager, 3, CONTEXT)).output();
        NDArray b = iaf.forward(x, FlowChecks.normal(manager, 3, CONTEXT)).output();
        assertThat(a.sub(b).abs().max().getFloat()).isGreaterThan(1e-3f);
    }

    @Test
    void actNormInitialisationStandardisesTheFirstBatch() {
        ActNorm norm = new ActNorm(params, "norm", D);
        NDArray x = FlowChecks.normal(manager, 64, D).mul(3f).add(2f);
        norm.initialize(x, null);
        NDArray y = norm.forward(x, null).output();
        assertThat(y.mean(new int[] {0}).abs().max().getFloat()).isLessThan(1e-4f);
        NDArray variance = y.square().mean(new int[] {0});
        assertThat(variance.sub(1f).abs().max().getFloat()).isLessThan(1e-3f);
    }

    @Test
    void anIdentityInitialisedCouplingIsTheIdentity() {
        FlowLayer coupling = new Coupling(params, "c", D, List.of(8), 0, true);
        NDArray x = FlowChecks.normal(manager, 4, D);
        FlowLayer.Result r = coupling.forward(x, null);
        assertThat(r.output().sub(x).abs().max().getFloat()).isZero();
        assertThat(r.logDet().abs().max().getFloat()).isZero();
    }

    @Test
    void aPermutationMovesEachFeatureExactlyWhereItsOrderSays() {
        Permutation permutation = new Permutation(params, new int[] {2, 0, 4, 1, 3});
        NDArray x = FlowChecks.normal(manager, 3, D);
        float[] in = x.toFloatArray();
        float[] out = permutation.forward(x, null).output().toFloatArray();
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < D; i++) {
                assertThat(out[b * D + i]).isEqualTo(in[b * D + permutation.order()[i]]);
            }
        }
        assertThat(Permutation.random(params, 7, 5).order())
                .containsExactly(Permutation.random(params, 7, 5).order())
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Permutation(params, new int[] {0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a permutation of 0..2: [0, 0, 1]");
    }
}
