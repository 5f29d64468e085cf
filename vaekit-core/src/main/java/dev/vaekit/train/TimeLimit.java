package dev.vaekit.train;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A wall-time budget for training: stops after the epoch at whose end the next epoch, taking as long as this one did,
 * would end past the budget. The budget counts from the start of training in this process (after a resume, from the
 * resume), validation and checkpoints included; it is never cut short within an epoch, so a first epoch longer than the
 * budget still runs. The run folder is a complete checkpoint afterwards, and {@code train --resume} continues it.
 */
public final class TimeLimit implements TrainingListener {
    private final Duration limit;
    private final LongSupplier nanoClock;
    private long start;
    private long epochStart;

    /** @param limit the budget, positive */
    public TimeLimit(Duration limit) {
        this(limit, System::nanoTime);
    }

    /**
     * @param limit the budget, positive
     * @param nanoClock a monotonic clock in nanoseconds (tests give a fake)
     */
    TimeLimit(Duration limit, LongSupplier nanoClock) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("time limit must be positive, got " + limit);
        }
        this.limit = limit;
        this.nanoClock = nanoClock;
    }

    @Override
    public void onTrainingStart(Trainer trainer) {
        start = nanoClock.getAsLong();
    }

    @Override
    public void onEpochStart(Trainer trainer, int epoch) {
        epochStart = nanoClock.getAsLong();
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochMetrics metrics, TrainerState state) {
        long now = nanoClock.getAsLong();
        long last = now - epochStart;
        if (now - start + last > limit.toNanos()) {
            trainer.requestStop(String.format(
                    "time limit: stopped after epoch %d, %s after training started; another epoch would pass %s",
                    metrics.epoch(), format(Duration.ofNanos(now - start)), format(limit)));
        }
    }

    /** @return e.g. {@code 1h 05m 03s}, {@code 4m 10s}, {@code 12s} */
    static String format(Duration d) {
        long s = Math.round(d.toMillis() / 1000.0);
        if (s >= 3600) {
            return String.format("%dh %02dm %02ds", s / 3600, s / 60 % 60, s % 60);
        }
        return s >= 60 ? String.format("%dm %02ds", s / 60, s % 60) : s + "s";
    }
}
