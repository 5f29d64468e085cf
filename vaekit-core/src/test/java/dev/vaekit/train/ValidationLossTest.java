package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Vae;
import org.junit.jupiter.api.Test;

class ValidationLossTest {

    @Test
    void theSummaryIsTheRowWeightedMeanOverUnevenBatches() {
        Engines.disableGradOnThisThread();
        try (NDManager manager = Engines.newManager()) {
            Engines.seed(17);
            Vae model = new Vae(Fixtures.tinyModel(), manager);
            // the decoder ignores z, so the one-sample ELBO is exact and the same whatever the draws
            Fixtures.setParameter(model, "decoder.out.weight", new float[32]);
            Dataset data = Fixtures.tinyBinaryData(1, 10);
            NDManager m = model.parameters().manager();
            var x = Tensors.create(m, data.features(), new Shape(10, 4));
            double rec = Tensors.scalar(model.observation()
                    .logProb(x, model.decode(manager.zeros(new Shape(10, 2))))
                    .mean());
            double kl = Tensors.scalar(model.encode(x).klToStandardNormal().mean());

            ValidationLoss.Summary s = ValidationLoss.evaluate(model, data, 3); // batches of 3, 3, 3 and 1

            assertThat(s.reconstruction()).isCloseTo(rec, within(1e-4));
            assertThat(s.kl()).isCloseTo(kl, within(1e-5));
            assertThat(s.loss()).isCloseTo(kl - rec, within(1e-4));
            model.close();
        }
    }

    @Test
    void noDataGivesNaN() {
        assertThat(ValidationLoss.Summary.NONE.loss()).isNaN();
    }
}
