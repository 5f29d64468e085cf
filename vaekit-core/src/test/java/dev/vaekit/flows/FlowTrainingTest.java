package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.ToyDatasets;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.Parameters;
import dev.vaekit.train.Adam;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Maximum likelihood with Adam fits vector flows to two moons: the held-out negative log-likelihood falls well below
 * its value at initialisation. With batch normalization the model is trained on batch statistics and scored on its
 * running averages.
 */
class FlowTrainingTest {
    private static final int STEPS = 300;
    private static final int BATCH = 128;

    private NDManager manager;
    private Parameters params;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        params = new Parameters(manager);
        Engines.seed(53);
    }

    @AfterEach
    void close() {
        params.close();
        manager.close();
    }

    /** −(1/n) Σ log p(x) in evaluation mode, without gradients. */
    private static double nll(FlowLayer flow, BaseDistribution base, NDArray x) {
        flow.setTraining(false);
        try (NDScope ignored = new NDScope()) {
            FlowLayer.Result r = flow.forward(x, null);
            return -base.logProb(r.output()).add(r.logDet()).mean().getFloat();
        }
    }

    /** Trains for {@link #STEPS} Adam steps on shuffled mini-batches; returns the test NLL before and after. */
    private double[] fit(FlowLayer flow, BaseDistribution base, Dataset train, Dataset test) {
        NDArray testX = Fixtures.array(manager, test.features(), test.size(), 2);
        float[] rows = train.features();
        flow.initialize(Fixtures.array(manager, rows, train.size(), 2).get("0:" + BATCH), null);
        double before = nll(flow, base, testX);
        SplittableRandom random = new SplittableRandom(7);
        try (Adam adam = new Adam(params, 0.9, 0.999)) {
            flow.setTraining(true);
            for (int step = 0; step < STEPS; step++) {
                float[] batch = new float[2 * BATCH];
                for (int b = 0; b < BATCH; b++) {
                    int i = random.nextInt(train.size());
                    batch[2 * b] = rows[2 * i];
                    batch[2 * b + 1] = rows[2 * i + 1];
                }
                try (NDScope ignored = new NDScope()) {
                    NDArray x = Fixtures.array(manager, batch, BATCH, 2);
                    try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                        FlowLayer.Result r = flow.forward(x, null);
                        NDArray loss =
                                base.logProb(r.output()).add(r.logDet()).mean().neg();
                        collector.backward(loss);
                    }
                    assertThat(adam.update(5e-3, 1))
                            .as("step %d stays finite", step)
                            .isTrue();
                }
            }
        }
        return new double[] {before, nll(flow, base, testX)};
    }

    @Test
    void aRealNvpLearnsTwoMoonsWithActNormAndWithBatchNorm() {
        Dataset train = ToyDatasets.generate("moons", 2000, 11, "moons/train");
        Dataset test = ToyDatasets.generate("moons", 500, 12, "moons/test");
        for (FlowNormalization norm : List.of(FlowNormalization.ACTNORM, FlowNormalization.BATCHNORM)) {
            FlowSequence flow = VectorFlows.realNvp(params, "flow." + norm, 2, List.of(32, 32), 4, norm);
            double[] nll = fit(flow, new StandardNormalBase(), train, test);
            // the initial flow (actnorm or batch norm: a Gaussian fitted to the data) scores about 2.0 nats; 300 steps
            // bring it near 1.1
            assertThat(nll[1])
                    .as("%s: test NLL %.3f before training", norm, nll[0])
                    .isLessThan(nll[0] - 0.6);
            assertThat(nll[1]).as("%s", norm).isLessThan(1.4);
            params.close();
            params = new Parameters(manager);
        }
    }
}
