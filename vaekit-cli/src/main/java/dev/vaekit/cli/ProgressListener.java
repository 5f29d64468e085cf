package dev.vaekit.cli;

import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.StepResult;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainerState;
import dev.vaekit.train.TrainingListener;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: on a terminal, a bar per epoch (batches, loss, samples/s, ETA); otherwise, and always at
 * the end of an epoch, one plain line with the epoch's metrics.
 */
final class ProgressListener implements TrainingListener {
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean terminal = System.console() != null;
    private ProgressBar bar;
    private int batchSize;

    ProgressListener(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public void onTrainingStart(Trainer trainer) {
        batchSize = trainer.config().training().batchSize();
        if (!quiet && trainer.state().epochsDone() > 0) {
            err.printf("resuming after epoch %d%n", trainer.state().epochsDone());
        }
    }

    @Override
    public void onEpochStart(Trainer trainer, int epoch) {
        if (quiet || !terminal) {
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName(String.format(
                        "epoch %d/%d", epoch, trainer.config().training().epochs()))
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setInitialMax(trainer.examplesPerEpoch())
                .setUnit(" ex", 1)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .build();
    }

    @Override
    public void onBatchEnd(Trainer trainer, StepResult step) {
        if (bar != null) {
            bar.stepTo(Math.min((long) step.batch() * batchSize, trainer.examplesPerEpoch()));
            bar.setExtraMessage(String.format(" loss %.2f", step.loss()));
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochMetrics m, TrainerState state) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        if (quiet) {
            return;
        }
        switch (trainer.model().capabilities().likelihood()) {
            case EXACT -> {
                // exact likelihood: the loss is −log p(x) (per example, nats), also shown in bits per dimension
                double perDim = trainer.model().config().inputDim() * Math.log(2);
                err.printf(
                        "epoch %3d  nll %.3f (%.4f bits/dim)%s%s  %.1f s  %.0f ex/s%n",
                        m.epoch(),
                        -m.trainBound(),
                        -m.trainBound() / perDim,
                        terms(m),
                        Double.isNaN(m.validationLoss())
                                ? ""
                                : String.format(
                                        "  val nll %.3f (%.4f bits/dim)",
                                        m.validationLoss(), m.validationLoss() / perDim),
                        m.seconds(),
                        m.samplesPerSecond());
            }
            case NONE -> {
                // no KL term: the loss is the reconstruction negative log-likelihood −log p(x|z=enc(x))
                err.printf(
                        "epoch %3d  rec %.3f%s%s  %.1f s  %.0f ex/s%n",
                        m.epoch(),
                        -m.trainReconstruction(),
                        terms(m),
                        Double.isNaN(m.validationLoss()) ? "" : String.format("  val rec %.3f", m.validationLoss()),
                        m.seconds(),
                        m.samplesPerSecond());
            }
            case BOUND -> err.printf(
                    "epoch %3d  -elbo %.3f  rec %.3f  kl %.3f%s%s  %.1f s  %.0f ex/s%n",
                    m.epoch(),
                    -m.trainBound(),
                    -m.trainReconstruction(),
                    m.trainKl(),
                    terms(m),
                    Double.isNaN(m.validationLoss()) ? "" : String.format("  val -elbo %.3f", m.validationLoss()),
                    m.seconds(),
                    m.samplesPerSecond());
        }
        skipped(m);
        err.flush();
    }

    /** The model's further training terms, e.g. {@code "  tc 1.234  mi 5.678"}; empty for most models. */
    private static String terms(EpochMetrics m) {
        StringBuilder sb = new StringBuilder();
        m.trainTerms().forEach((name, value) -> sb.append(String.format("  %s %.3f", name, value)));
        return sb.toString();
    }

    private void skipped(EpochMetrics m) {
        if (m.skippedSteps() > 0) {
            err.printf("  (%d steps skipped: their gradient was not finite)%n", m.skippedSteps());
        }
    }
}
