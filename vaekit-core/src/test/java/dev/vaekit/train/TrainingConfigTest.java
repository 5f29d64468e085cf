package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    private static TrainingConfig with(
            int epochs, int batch, double lr, double b1, double b2, double decay, double clip, int patience) {
        return new TrainingConfig(epochs, batch, lr, b1, b2, LrSchedule.CONSTANT, decay, clip, patience, 1, 0, 0);
    }

    @Test
    void validValuesAreKept() {
        TrainingConfig t = with(3, 64, 0.01, 0, 0.5, 1, 0, 0);

        assertThat(t.epochs()).isEqualTo(3);
        assertThat(t.learningRateAt(2)).isEqualTo(0.01);
    }

    @Test
    void eachInvalidValueHasItsMessage() {
        assertThatThrownBy(() -> with(0, 64, 0.01, 0.9, 0.999, 0.95, 0, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("training.epochs must be >= 1, got 0");
        assertThatThrownBy(() -> with(1, 0, 0.01, 0.9, 0.999, 0.95, 0, 0))
                .hasMessage("training.batchSize must be >= 1, got 0");
        assertThatThrownBy(() -> with(1, 1, 0, 0.9, 0.999, 0.95, 0, 0))
                .hasMessage("training.learningRate must be a finite number > 0, got 0.0");
        assertThatThrownBy(() -> with(1, 1, Double.NaN, 0.9, 0.999, 0.95, 0, 0))
                .hasMessageContaining("training.learningRate");
        assertThatThrownBy(() -> with(1, 1, 0.01, 1, 0.999, 0.95, 0, 0))
                .hasMessageContaining("training.adamBeta1 and adamBeta2 must be in [0, 1)");
        assertThatThrownBy(() -> with(1, 1, 0.01, 0.9, 0.999, 0, 0, 0))
                .hasMessage("training.lrDecay must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> with(1, 1, 0.01, 0.9, 0.999, 0.95, -1, 0))
                .hasMessage("training.clipNorm must be >= 0 (0 = off), got -1.0");
        assertThatThrownBy(() -> with(1, 1, 0.01, 0.9, 0.999, 0.95, 0, -2))
                .hasMessage("training.patience must be >= 0 (0 = off), got -2");
        assertThatThrownBy(() -> new TrainingConfig(1, 1, 0.01, 0.9, 0.999, null, 0.95, 0, 0, 1, 0, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("training.schedule must be set");
        TrainingConfig t = with(1, 1, 0.01, 0.9, 0.999, 0.95, 0, 0);
        assertThatThrownBy(() -> t.withEmaDecay(1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("training.emaDecay must be in [0, 1) (0 = off), got 1.0");
        assertThatThrownBy(() -> t.withEmaDecay(-0.1)).hasMessageContaining("training.emaDecay");
        assertThat(t.withEmaDecay(0.999).withEpochs(5).emaDecay()).isEqualTo(0.999);
        assertThatThrownBy(() -> t.toBuilder().batchesPerEpoch(-1).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("training.batchesPerEpoch must be >= 0 (0 = all the rows), got -1");
        assertThat(t.toBuilder().batchesPerEpoch(7).build().withEpochs(2).batchesPerEpoch())
                .isEqualTo(7);
    }
}
