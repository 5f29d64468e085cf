package dev.vaekit.objectives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Batch;
import dev.vaekit.models.LossContext;
import dev.vaekit.models.PlainAutoencoder;
import dev.vaekit.models.Vae;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainingObjectiveTest {
    private NDManager manager;
    private NDArray x;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(4);
        x = Tensors.create(
                manager, new float[] {1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0}, new Shape(5, 4));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** The run's objective settings at the start of training on the 5 rows of x, without warm-up or free bits. */
    private static LossContext context(Estimator estimator, int samples) {
        return new LossContext(new ObjectiveConfig(estimator, samples, 1.0, 0, 0), 0, 1000);
    }

    @Test
    void aPlainAutoencoderMinimisesTheBernoulliNegativeLogLikelihoodOfItsReconstruction() {
        try (PlainAutoencoder ae = new PlainAutoencoder(Fixtures.tinyAutoencoder(), manager)) {
            Loss t = ae.loss(new Batch(x), context(Estimator.B, 1));

            // by hand: log p(x|z) = Σ_d [x_d y_d − log(1 + e^{y_d})] with logits y = dec(enc(x))
            float[] logits = ae.decode(ae.encode(x)).toFloatArray();
            float[] data = x.toFloatArray();
            double sum = 0;
            for (int i = 0; i < data.length; i++) {
                sum += data[i] * logits[i] - Math.log1p(Math.exp(logits[i]));
            }
            double expected = sum / 5;
            assertThat(Tensors.scalar(t.reconstruction())).isCloseTo(expected, within(1e-4));
            assertThat(Tensors.scalar(t.value())).isCloseTo(-expected, within(1e-4));
            assertThat(Tensors.scalar(t.bound())).isCloseTo(expected, within(1e-4));
            assertThat(Tensors.scalar(t.kl())).isZero();
            assertThat(t.value().getShape().isScalar()).isTrue();
            assertThat(t.kl().getShape().isScalar()).isTrue();
        }
    }

    @Test
    void aPlainAutoencodersLossDrawsNothingAndIgnoresTheVaeSettings() {
        try (PlainAutoencoder ae = new PlainAutoencoder(Fixtures.tinyAutoencoder(), manager)) {
            Engines.seed(1);
            double a = Tensors.scalar(
                    ae.loss(new Batch(x), context(Estimator.B, 1)).value());
            Engines.seed(2);
            // IWAE with 5 samples and a KL weight of 0 (the start of a warm-up)
            LossContext warmingUp = new LossContext(new ObjectiveConfig(Estimator.IWAE, 5, 1.0, 2, 0), 0, 1000);
            assertThat(warmingUp.klWeight()).isZero();
            double b = Tensors.scalar(ae.loss(new Batch(x), warmingUp).value());

            assertThat(b).isEqualTo(a);
        }
    }

    @Test
    void aVaeGetsTheBoundItsEstimatorNames() {
        try (Vae vae = new Vae(Fixtures.tinyModel(), manager)) {
            for (Estimator e : Estimator.values()) {
                Engines.seed(9);
                double viaObjective =
                        Tensors.scalar(vae.loss(new Batch(x), context(e, 3)).bound());
                Engines.seed(9);
                double direct =
                        Tensors.scalar(vae.elbo(new Batch(x), e, 3, 1f, 0f).bound());

                assertThat(viaObjective).as("%s", e).isEqualTo(direct);
            }
            Engines.seed(9);
            assertThat(Tensors.scalar(
                            vae.loss(new Batch(x), context(Estimator.B, 1)).kl()))
                    .isPositive();
        }
    }
}
