package dev.vaekit.train;

import dev.vaekit.engine.Threads;
import dev.vaekit.engine.WarmCores;

/**
 * Keeps the cores of libtorch's extra threads awake while training runs ({@link WarmCores}): after every step it renews
 * the hold for the threads the training thread's setting uses beyond itself (none at one thread), and it lets go when
 * training ends. A step that fails leaves the hold to lapse within its lease.
 */
public final class KeepCoresAwake implements TrainingListener {
    @Override
    public void onTrainingStart(Trainer trainer) {
        renew();
    }

    @Override
    public void onBatchEnd(Trainer trainer, StepResult step) {
        renew();
    }

    @Override
    public void onTrainingEnd(Trainer trainer, TrainerState state) {
        WarmCores.release();
    }

    private static void renew() {
        WarmCores.hold(Threads.currentSetting().products() - 1);
    }
}
