package dev.vaekit.objectives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
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

    @Test
    void aPlainAutoencoderMinimisesTheBernoulliNegativeLogLikelihoodOfItsReconstruction() {
        try (PlainAutoencoder ae = new PlainAutoencoder(Fixtures.tinyAutoencoder(), manager)) {
            Elbo.Terms t = TrainingObjective.compute(ae, x, Estimator.B, 1, 1f);

            // by hand: log p(x|z) = Σ_d [x_d y_d − log(1 + e^{y_d})] with logits y = dec(enc(x))
            float[] logits = ae.decode(ae.encode(x)).toFloatArray();
            float[] data = x.toFloatArray();
            double sum = 0;
            for (int i = 0; i < data.length; i++) {
                sum += data[i] * logits[i] - Math.log1p(Math.exp(logits[i]));
            }
            double expected = sum / 5;
            assertThat(Tensors.scalar(t.reconstruction())).isCloseTo(expected, within(1e-4));
            assertThat(Tensors.scalar(t.loss())).isCloseTo(-expected, within(1e-4));
            assertThat(Tensors.scalar(t.bound())).isCloseTo(expected, within(1e-4));
            assertThat(Tensors.scalar(t.kl())).isZero();
            assertThat(t.loss().getShape().isScalar()).isTrue();
            assertThat(t.kl().getShape().isScalar()).isTrue();
        }
    }

    @Test
    void aPlainAutoencodersLossDrawsNothingAndIgnoresTheVaeSettings() {
        try (PlainAutoencoder ae = new PlainAutoencoder(Fixtures.tinyAutoencoder(), manager)) {
            Engines.seed(1);
            double a = Tensors.scalar(
                    TrainingObjective.compute(ae, x, Estimator.B, 1, 1f).loss());
            Engines.seed(2);
            double b = Tensors.scalar(
                    TrainingObjective.compute(ae, x, Estimator.IWAE, 5, 0f).loss());

            assertThat(b).isEqualTo(a);
        }
    }

    @Test
    void aVaeGetsTheBoundItsEstimatorNames() {
        try (Vae vae = new Vae(Fixtures.tinyModel(), manager)) {
            for (Estimator e : Estimator.values()) {
                Engines.seed(9);
                double viaObjective = Tensors.scalar(
                        TrainingObjective.compute(vae, x, e, 3, 1f).bound());
                Engines.seed(9);
                double direct = Tensors.scalar(Elbo.compute(vae, x, e, 3, 1f).bound());

                assertThat(viaObjective).as("%s", e).isEqualTo(direct);
            }
            Engines.seed(9);
            assertThat(Tensors.scalar(TrainingObjective.compute(vae, x, Estimator.B, 1, 1f)
                            .kl()))
                    .isPositive();
        }
    }
}
