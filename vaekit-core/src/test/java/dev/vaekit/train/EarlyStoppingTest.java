package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    private TinyTrainer tiny;
    private Trainer trainer;

    @BeforeEach
    void open() {
        tiny = new TinyTrainer();
        trainer = tiny.trainer;
    }

    @AfterEach
    void close() {
        tiny.close();
    }

    private static EpochMetrics metrics(int epoch, double validationLoss) {
        return new EpochMetrics(epoch, 1, 1, 1e-3, 1, 100, -90, 10, -100, validationLoss, -80, 10, 0.1, 0);
    }

    @Test
    void doesNotStopBeforePatienceIsReached() {
        EarlyStopping stopping = new EarlyStopping(3);

        stopping.onEpochEnd(trainer, metrics(4, 95), new TrainerState(4, 40, 90.0, 1));
        stopping.onEpochEnd(trainer, metrics(5, 95), new TrainerState(5, 50, 90.0, 2));

        assertThat(trainer.stopReason()).isNull();
    }

    @Test
    void stopsWhenPatienceIsReached() {
        EarlyStopping stopping = new EarlyStopping(3);

        stopping.onEpochEnd(trainer, metrics(6, 95), new TrainerState(6, 60, 90.0, 3));

        assertThat(trainer.stopReason())
                .isNotNull()
                .contains("early stop after epoch 6")
                .contains("90.0000")
                .contains("3 epochs");
    }

    @Test
    void anImprovementResetsTheCount() {
        EarlyStopping stopping = new EarlyStopping(1);

        stopping.onEpochEnd(trainer, metrics(2, 85), new TrainerState(2, 20, 85.0, 0));

        assertThat(trainer.stopReason()).isNull();
    }

    @Test
    void patienceMustBePositive() {
        assertThatThrownBy(() -> new EarlyStopping(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patience must be >= 1, got 0");
    }
}
