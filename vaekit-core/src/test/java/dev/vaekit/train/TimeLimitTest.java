package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Binarization;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.Vae;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimeLimitTest {
    private static final long SECOND = 1_000_000_000L;

    private TinyTrainer tiny;
    private Trainer trainer;
    private NDManager manager;
    /** The fake clock, in nanoseconds. */
    private long now;

    @BeforeEach
    void open() {
        tiny = new TinyTrainer();
        trainer = tiny.trainer;
        manager = tiny.manager;
    }

    @AfterEach
    void close() {
        tiny.close();
    }

    private static EpochMetrics metrics(int epoch) {
        return new EpochMetrics(epoch, 1, 1, 1e-3, 1, 100, -90, 10, -100, Double.NaN, Double.NaN, Double.NaN, 0, 0);
    }

    /** Runs one epoch of {@code seconds} on the fake clock through the listener. */
    private void epoch(TimeLimit limit, int epoch, long seconds) {
        limit.onEpochStart(trainer, epoch);
        now += seconds * SECOND;
        limit.onEpochEnd(trainer, metrics(epoch), new TrainerState(epoch, epoch * 10L, Double.NaN, 0));
    }

    @Test
    void stopsWhenTheNextEpochWouldEndPastTheLimit() {
        TimeLimit limit = new TimeLimit(Duration.ofSeconds(100), () -> now);
        limit.onTrainingStart(trainer);
        now += 5 * SECOND; // time before the first epoch (data loading) counts too

        epoch(limit, 1, 30);
        epoch(limit, 2, 30);
        assertThat(trainer.stopReason()).as("65 s used, a 30 s epoch fits").isNull();

        epoch(limit, 3, 31);
        assertThat(trainer.stopReason())
                .as("96 s used: a fourth epoch of 31 s would end at 127 s")
                .isEqualTo("time limit: stopped after epoch 3, 1m 36s after training started; another epoch would "
                        + "pass 1m 40s");
    }

    @Test
    void aFirstEpochLongerThanTheLimitStillEndsItsEpoch() {
        TimeLimit limit = new TimeLimit(Duration.ofMinutes(1), () -> now);
        limit.onTrainingStart(trainer);

        epoch(limit, 1, 3700);

        assertThat(trainer.stopReason()).contains("after epoch 1, 1h 01m 40s after training started");
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new TimeLimit(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time limit must be positive");
    }

    /** In a real run: a fake clock that moves an hour a reading stops ten epochs after the first. */
    @Test
    void stopsARealRunAfterItsFirstEpoch() {
        RunConfig config = Fixtures.runConfig(
                Binarization.DYNAMIC,
                ModelConfig.builder("dense-vae")
                        .inputShape(1, 28, 28)
                        .latentDim(2)
                        .hidden(16)
                        .build(),
                Fixtures.elbo(),
                Fixtures.training(10, 100, 1e-3, 0, 0, 1));
        try (Vae vae = new Vae(config.model(), manager);
                Trainer run = new Trainer(config, vae)) {
            run.addListener(new TimeLimit(Duration.ofMinutes(90), () -> now += 3600 * SECOND));

            TrainerState end = run.fit(MnistMini.rows(0, 200), MnistMini.rows(200, 300));

            assertThat(end.epochsDone()).isEqualTo(1);
            assertThat(run.stopReason()).startsWith("time limit: stopped after epoch 1, 2h 00m 00s");
        }
    }
}
