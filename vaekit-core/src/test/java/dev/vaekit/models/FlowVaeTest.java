package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.train.Configs;
import dev.vaekit.train.MnistMini;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainingSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VAEs with flow posteriors and a flow prior: the corrected ELBO, and that they train and score. */
class FlowVaeTest {
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

    private static RunConfig run(Map<String, Object> extra) {
        Map<String, Object> o = new HashMap<>(Map.of(
                "model.latentDim", 4,
                "model.hidden", List.of(32),
                "model.flowHidden", 16,
                "objective.estimator", "a",
                "training.epochs", 3,
                "training.batchSize", 50,
                "data.validationFraction", 0));
        o.putAll(extra);
        return Configs.build(null, o);
    }

    private static double elbo(Vae model, NDArray x, long seed) {
        Engines.seed(seed);
        return model.elbo(new Batch(x), Estimator.A, 4, 1f, 0f).bound().getFloat();
    }

    @Test
    void aPosteriorFlowOfZeroStepsGivesThePlainVaesElbo() {
        Dataset data = MnistMini.rows(0, 20);
        for (String flow : List.of("planar", "radial")) {
            RunConfig plain = run(Map.of());
            RunConfig zero = run(Map.of("model.posteriorFlow", flow, "model.flowLength", 0));
            Engines.seed(1);
            Vae a = new Vae(TrainingSession.checkShape(plain.model(), data), manager);
            Engines.seed(1);
            Vae b = new Vae(TrainingSession.checkShape(zero.model(), data), manager);
            NDArray x = manager.create(data.features()).reshape(20, 784);
            assertThat(elbo(b, x, 5)).as(flow).isEqualTo(elbo(a, x, 5));
            // with steps, the same weights and noise give another bound
            RunConfig two = run(Map.of("model.posteriorFlow", flow, "model.flowLength", 2));
            Engines.seed(1);
            Vae c = new Vae(TrainingSession.checkShape(two.model(), data), manager);
            assertThat(c.parameters().asMap()).containsKey("posterior.flow.1." + (flow.equals("planar") ? "u" : "z0"));
        }
    }

    @Test
    void theFlowCorrectsLogQByItsLogDeterminant() {
        Dataset data = MnistMini.rows(0, 6);
        RunConfig c = run(Map.of("model.posteriorFlow", "iaf", "model.flowLength", 2));
        Engines.seed(2);
        Vae model = new Vae(TrainingSession.checkShape(c.model(), data), manager);
        NDArray x = manager.create(data.features()).reshape(6, 784);
        Vae.Posterior q = model.posterior(x, null);
        assertThat(q.context().getShape().getShape()).containsExactly(6, 4);
        NDArray eps = manager.randomNormal(new ai.djl.ndarray.types.Shape(3, 6, 4));
        Vae.PosteriorSample draw = model.draw(q, eps);
        // the IAF's MADE output layers start at zero: z_K = σ z_0 with σ = sigmoid(2) in every dimension, so
        // log q_K = log q_0 − 4 log sigmoid(2)
        double logSigma = -Math.log1p(Math.exp(-2));
        NDArray expectedZ = q.base().sample(eps).mul((float) Math.exp(2 * logSigma));
        assertThat(draw.z().sub(expectedZ).abs().max().getFloat()).isLessThan(1e-5f);
        NDArray expectedLogQ = q.base().logProbOfSample(eps).sub((float) (2 * 4 * logSigma));
        assertThat(draw.logQ().sub(expectedLogQ).abs().max().getFloat()).isLessThan(1e-4f);
    }

    @Test
    void flowPosteriorsAndTheFlowPriorTrainAndScore() {
        Dataset train = MnistMini.rows(0, 500);
        Dataset test = MnistMini.rows(1000, 1050);
        for (Map<String, Object> variant : List.of(
                Map.<String, Object>of("model.posteriorFlow", "planar"),
                Map.<String, Object>of("model.posteriorFlow", "amortized-planar", "model.flowLength", 3),
                Map.<String, Object>of("model.posteriorFlow", "iaf", "model.flowLength", 2),
                Map.<String, Object>of("model.prior", "flow", "model.priorFlowLength", 2))) {
            RunConfig c = run(variant);
            c = c.withModel(TrainingSession.checkShape(c.model(), train));
            Engines.seed(4);
            try (Vae model = new Vae(c.model(), manager);
                    Trainer trainer = new Trainer(c, model)) {
                LikelihoodReport before = new ImportanceSampledLogLikelihood(model).evaluate(test, 50, 1);
                trainer.fit(train, train.slice(0, 0));
                LikelihoodReport after = new ImportanceSampledLogLikelihood(model).evaluate(test, 50, 1);
                assertThat(after.nll())
                        .as("%s: NLL before %s", variant, before.nll())
                        .isLessThan(before.nll() - 100);
                assertThat(after.term("elbo")).as("%s", variant).isLessThanOrEqualTo(-after.nll() + 1e-3);
                assertThat(model.prior().sample(manager, 3).getShape().getShape())
                        .containsExactly(3, 4);
            }
        }
    }

    @Test
    void theFlowPriorIsANormalisedDensity() {
        RunConfig c = run(Map.of("model.prior", "flow", "model.latentDim", 2, "model.priorFlowLength", 2));
        Engines.seed(6);
        Vae model = new Vae(c.model().withInputShape(1, 2, 2), manager);
        int n = 400;
        float[] logP = model.prior()
                .logProb(manager.create(Fixtures.grid(n, -10, 10, -10, 10)).reshape(n * n, 2))
                .toFloatArray();
        double mass = Fixtures.mass(logP, 400.0 / n / n);
        assertThat(mass).isCloseTo(1.0, within(0.01));
    }
}
