package dev.vaekit.train;

import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.DataSource;

/**
 * Measures each epoch on held-out data: the model's validation loss ({@link ValidationLoss}), which the trainer's best
 * weights, early stopping and the metrics file then use. Without validation rows it measures nothing.
 */
public final class Validation implements TrainingListener {
    /** Rows per forward pass. */
    static final int BATCH_SIZE = 1000;

    private final DataSource rows;

    /** @param rows the validation rows, prepared as the model sees them (binarised once if the data are binarised) */
    public Validation(DataSource rows) {
        this.rows = rows;
    }

    /**
     * Validation on rows as a run's data section prepares them: binarised once, with the run's binarisation seed + 1,
     * when the data are binarised (statically or dynamically), as they are otherwise.
     *
     * @param data the run's data section
     * @param rows the held-out rows, values in [0, 1] when binarised
     * @return the listener
     */
    public static Validation of(DataConfig data, DataSource rows) {
        return new Validation(
                data.binarization() == Binarization.NONE || rows.size() == 0
                        ? rows
                        : Binarization.sample(rows, data.binarizationSeed() + 1));
    }

    @Override
    public EpochMetrics measure(Trainer trainer, EpochMetrics metrics) {
        if (rows.size() == 0) {
            return metrics;
        }
        long start = System.nanoTime();
        ValidationLoss.Summary summary = ValidationLoss.evaluate(trainer.model(), rows, BATCH_SIZE);
        return metrics.withValidation(summary, (System.nanoTime() - start) / 1e9);
    }
}
