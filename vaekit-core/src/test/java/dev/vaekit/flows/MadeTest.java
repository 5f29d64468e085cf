package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.Parameters;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MADE's autoregressive property (Germain et al. 2015, §4): output i depends on the inputs before i in the ordering
 * and on no other, which makes the Jacobian of each output block strictly triangular in that ordering.
 */
class MadeTest {
    private static final int D = 5;
    private static final int CONTEXT = 3;
    private static final int BATCH = 6;

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
     * Σ over the batch of |∂ output_o / ∂ x_j|, by autograd.
     *
     * @return [output][input]
     */
    private double[][] dependence(Made made, NDArray x, NDArray context) {
        int outputs = D * made.outputsPerFeature();
        double[][] jac = new double[outputs][D];
        for (int o = 0; o < outputs; o++) {
            NDArray input = x.duplicate();
            input.setRequiresGradient(true);
            try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                NDArray out = made.forward(input, context);
                collector.backward(out.get(":, " + o).sum());
            }
            float[] g = input.getGradient().abs().sum(new int[] {0}).toFloatArray();
            for (int j = 0; j < D; j++) {
                jac[o][j] = g[j];
            }
        }
        return jac;
    }

    @Test
    void eachOutputDependsOnExactlyTheInputsBeforeItInTheOrdering() {
        for (boolean reversed : new boolean[] {false, true}) {
            for (int contextDim : new int[] {0, CONTEXT}) {
                String name = "made." + reversed + "." + contextDim;
                Made made = new Made(params, name, D, List.of(16, 16), contextDim, reversed, 2);
                Fixtures.perturb(params, 0.3f, 2); // the output layer starts at zero
                NDArray x = FlowChecks.normal(manager, BATCH, D);
                NDArray context = contextDim > 0 ? FlowChecks.normal(manager, BATCH, contextDim) : null;
                double[][] jac = dependence(made, x, context);
                for (int o = 0; o < jac.length; o++) {
                    int i = o % D;
                    int orderOfI = reversed ? D - 1 - i : i;
                    for (int j = 0; j < D; j++) {
                        int orderOfJ = reversed ? D - 1 - j : j;
                        String what = String.format("%s: output %d on input %d", name, o, j);
                        if (orderOfJ >= orderOfI) {
                            assertThat(jac[o][j]).as(what).isZero();
                        } else {
                            // every allowed connection is used: with 16 hidden units per layer and random weights
                            // each earlier input reaches each later output
                            assertThat(jac[o][j]).as(what).isGreaterThan(1e-6);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theContextReachesTheOutputsThroughTheHiddenUnits() {
        Made made = new Made(params, "made", D, List.of(16), CONTEXT, false, 2);
        Fixtures.perturb(params, 0.3f, 3);
        NDArray x = FlowChecks.normal(manager, BATCH, D);
        NDArray a = made.forward(x, FlowChecks.normal(manager, BATCH, CONTEXT));
        NDArray b = made.forward(x, FlowChecks.normal(manager, BATCH, CONTEXT));
        float[] change = a.sub(b).abs().max(new int[] {0}).toFloatArray();
        for (int o = 0; o < change.length; o++) {
            if (o % D == 0) {
                // the first feature's outputs connect to no hidden unit (eq. 13): they are biases, context or not
                assertThat(change[o]).as("output %d", o).isZero();
            } else {
                assertThat(change[o]).as("output %d", o).isGreaterThan(1e-4f);
            }
        }
    }
}
