package dev.vaekit.train;

import dev.vaekit.engine.ThreadFitting;

/**
 * Fits libtorch's threads to the machine while training runs ({@link ThreadFitting#forThisProcess}): the thread
 * search unless the user fixed the count, the extra threads' cores kept awake. Each batch is a step; the time between
 * epochs (validation, checkpoints) is left out of the timing; the cores are let go when training ends, or lapse within
 * their lease when a step fails. Every way of starting training (the CLI's session, the Java API) adds one.
 */
public final class FitThreads implements TrainingListener {
    private ThreadFitting fitting;

    @Override
    public void onTrainingStart(Trainer trainer) {
        fitting = ThreadFitting.forThisProcess();
    }

    @Override
    public void onEpochStart(Trainer trainer, int epoch) {
        fitting.restartClock();
    }

    @Override
    public void onBatchEnd(Trainer trainer, StepResult step) {
        fitting.stepEnded();
    }

    @Override
    public void onTrainingEnd(Trainer trainer, TrainerState state) {
        fitting.close();
    }

    /** @return the fitting of the training under way, or null before it starts (for tests) */
    ThreadFitting fitting() {
        return fitting;
    }
}
