package dev.vaekit.train;

import java.util.ArrayList;
import java.util.List;

/** Records every batch loss and every epoch's metrics, for the training tests. */
final class RecordingListener implements TrainingListener {
    final List<Double> batchLosses = new ArrayList<>();
    final List<EpochMetrics> epochs = new ArrayList<>();

    @Override
    public void onBatchEnd(Trainer trainer, StepResult step) {
        batchLosses.add(step.loss());
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochMetrics metrics, TrainerState state) {
        epochs.add(metrics);
    }
}
