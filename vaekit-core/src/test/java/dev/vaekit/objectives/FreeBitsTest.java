package dev.vaekit.objectives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Batch;
import dev.vaekit.models.Vae;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Free bits (Kingma et al. 2016) on the tiny VAE with its encoder's output weights zeroed, so that the posterior is
 * the same for every input and each latent dimension's KL is known in closed form: dimension 0 has μ = 2, logVar = −1
 * (KL ≈ 2.18 nats), dimension 1 has μ = 0.2, logVar = 0.1 (KL ≈ 0.023 nats).
 */
class FreeBitsTest {
    private static final double KL0 = 0.5 * (4 + Math.exp(-1) + 1 - 1);
    private static final double KL1 = 0.5 * (0.04 + Math.exp(0.1) - 0.1 - 1);

    private static NDManager manager;
    private static Vae model;
    private static NDArray x;

    @BeforeAll
    static void build() {
        manager = Engines.newManager();
        Engines.seed(3);
        model = new Vae(Fixtures.tinyModel(), manager);
        Fixtures.setParameter(model, "encoder.out.weight", new float[4 * 8]);
        // encoder.out rows: μ (2) first, then logVar (2)
        Fixtures.setParameter(model, "encoder.out.bias", 2f, 0.2f, -1f, 0.1f);
        x = Tensors.create(
                model.parameters().manager(),
                new float[] {1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1},
                new Shape(6, 4));
    }

    @AfterAll
    static void close() {
        model.close();
        manager.close();
    }

    /** loss, reconstruction, kl, bound of one seeded call, without gradients. */
    private static double[] terms(float klWeight, float freeBits) {
        Engines.disableGradOnThisThread();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Engines.seed(11);
            Loss t = model.elbo(new Batch(x), Estimator.B, 2, klWeight, freeBits);
            return new double[] {
                Tensors.scalar(t.value()),
                Tensors.scalar(t.reconstruction()),
                Tensors.scalar(t.kl()),
                Tensors.scalar(t.bound())
            };
        }
    }

    /** The gradient of every parameter of a scalar the supplier builds, seeded. */
    private static Map<String, float[]> gradients(Supplier<NDArray> scalar) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDScope scope = new NDScope();
                var collector = Engines.engine().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            Engines.seed(11);
            collector.backward(scalar.get());
            for (String name : model.parameters().asMap().keySet()) {
                out.put(name, model.parameters().gradient(name).toFloatArray());
            }
            model.parameters().zeroGradients();
        }
        return out;
    }

    @Test
    void theFixtureHasOneDimensionAboveAndOneBelowHalfANat() {
        double[] t = terms(1f, 0f);
        assertThat(t[2]).isCloseTo(KL0 + KL1, within(1e-5));
        assertThat(KL0).isGreaterThan(0.5);
        assertThat(KL1).isLessThan(0.5);
    }

    @Test
    void withLambdaZeroTheLossIsTheElbosLoss() {
        assertThat(terms(0.7f, 0f)).containsExactly(terms(0.7f, 0f));
        double[] plain = terms(0.7f, 0f);
        // a λ below every dimension's KL leaves the loss as it is, through the free-bits formula
        double[] tiny = terms(0.7f, 1e-4f);
        assertThat(tiny[0]).isCloseTo(plain[0], within(1e-5));
        assertThat(plain[0]).isCloseTo(-(plain[1] - 0.7 * plain[2]), within(1e-5));
    }

    @Test
    void withLambdaAboveEveryDimensionTheKlPartIsLatentDimTimesLambdaTimesWeight() {
        double[] t = terms(0.7f, 10f);
        // loss = −reconstruction + w · Σ_j max(λ, KL_j) = −reconstruction + w · latentDim · λ
        assertThat(t[0] + t[1]).isCloseTo(0.7 * 2 * 10, within(1e-4));
    }

    @Test
    void theReportedKlAndBoundAreTheTrueOnesWhateverLambda() {
        double[] plain = terms(0.7f, 0f);
        for (float lambda : new float[] {0.5f, 1f, 10f}) {
            double[] clamped = terms(0.7f, lambda);
            assertThat(clamped[1]).as("reconstruction, λ %s", lambda).isEqualTo(plain[1]);
            assertThat(clamped[2]).as("kl, λ %s", lambda).isEqualTo(plain[2]);
            assertThat(clamped[3]).as("bound, λ %s", lambda).isEqualTo(plain[3]);
        }
    }

    @Test
    void theKlPathHasNoGradientForADimensionBelowLambda() {
        Map<String, float[]> g = gradients(() -> Elbo.freeBitsKl(model.encode(x), 0.5f));
        float[] bias = g.get("encoder.out.bias"); // μ0, μ1, logVar0, logVar1
        // dimension 0 is above λ: ∂KL0/∂μ0 = μ0 and ∂KL0/∂logVar0 = ½ (exp(logVar0) − 1)
        assertThat(bias[0]).isCloseTo(2f, within(1e-5f));
        assertThat(bias[2]).isCloseTo((float) (0.5 * (Math.exp(-1) - 1)), within(1e-5f));
        // dimension 1 is below λ: clamped, no gradient at all
        assertThat(bias[1]).isZero();
        assertThat(bias[3]).isZero();
        float[] weight = g.get("encoder.out.weight"); // (4, 8), row-major
        for (int column = 0; column < 8; column++) {
            assertThat(weight[8 + column]).as("∂/∂W[μ1, %d]", column).isZero();
            assertThat(weight[3 * 8 + column]).as("∂/∂W[logVar1, %d]", column).isZero();
        }
        // without the clamp dimension 1 is pulled towards the prior: ∂KL1/∂μ1 = μ1
        float[] unclamped =
                gradients(() -> model.encode(x).klToStandardNormal().mean()).get("encoder.out.bias");
        assertThat(unclamped[1]).isCloseTo(0.2f, within(1e-5f));
    }

    @Test
    void withLambdaAboveEveryDimensionOnlyTheReconstructionIsOptimised() {
        Map<String, float[]> clamped = gradients(
                () -> model.elbo(new Batch(x), Estimator.B, 2, 0.7f, 10f).value());
        Map<String, float[]> reconstructionOnly =
                gradients(() -> model.elbo(new Batch(x), Estimator.B, 2, 0f, 0f).value());
        for (String name : clamped.keySet()) {
            assertThat(Fixtures.maxAbsDiff(clamped.get(name), reconstructionOnly.get(name)))
                    .as(name)
                    .isLessThan(1e-6);
        }
    }
}
