package dev.vaekit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.Splits;
import dev.vaekit.engine.Engines;
import dev.vaekit.eval.ElboEvaluator;
import dev.vaekit.models.Conditions;
import dev.vaekit.models.FlowModel;
import dev.vaekit.models.Model;
import dev.vaekit.objectives.Elbo;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.objectives.TrainingObjective;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fits an {@link Autoencoder} by minibatch stochastic gradient descent on its {@link TrainingObjective} — for a VAE the
 * negative bound the {@link ObjectiveConfig} names, for a plain autoencoder the reconstruction loss — with Adam. Each
 * epoch draws a seeded permutation of the rows; each batch is gathered from it in Java (with a fresh Bernoulli draw
 * under dynamic binarisation, see {@link BatchAssembler}) and handed to the engine. Every random draw of
 * epoch e is seeded from (seed, e), so a run resumed at an epoch boundary repeats the uninterrupted one.
 */
public final class Trainer implements AutoCloseable {
    private final RunConfig config;
    private final Model model;
    private final Adam optimizer;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private TrainerState state = TrainerState.initial();
    private boolean trainedWeights;

    /** Steps in a row with a finite loss but a non-finite gradient after which training stops. */
    static final int MAX_CONSECUTIVE_SKIPS = 10;

    private int skippedSteps;
    private int consecutiveSkips;
    private String stopReason;
    private int examplesPerEpoch;
    /** The training rows' labels when the model is conditional on them, else null. */
    private int[] labels;

    /**
     * @param config the run's configuration
     * @param model the model to train, already built (and possibly loaded)
     */
    public Trainer(RunConfig config, Model model) {
        this.config = config;
        this.model = model;
        this.optimizer = new Adam(
                model.parameters(),
                config.training().adamBeta1(),
                config.training().adamBeta2(),
                config.training().emaDecay());
    }

    /** Adds a listener; they run in the order added. */
    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /** @return the configuration */
    public RunConfig config() {
        return config;
    }

    /** @return the model */
    public Model model() {
        return model;
    }

    /** @return the optimiser (its moments go into checkpoints) */
    public Adam optimizer() {
        return optimizer;
    }

    /** @return training examples per epoch (known once {@link #fit} has started) */
    public int examplesPerEpoch() {
        return examplesPerEpoch;
    }

    /** @return the state after the last completed epoch */
    public TrainerState state() {
        return state;
    }

    /** Continues from a checkpoint's state; call before {@link #fit}. */
    public void resumeFrom(TrainerState saved) {
        this.state = saved;
    }

    /**
     * Says that the model holds trained weights though the optimiser starts afresh (a warm start): the first batch
     * must not re-run the data-dependent initialisation (actnorm), which would overwrite them.
     */
    public void startFromTrainedWeights() {
        this.trainedWeights = true;
    }

    /** Asks the loop to stop after the current epoch, e.g. from an early-stopping listener. */
    public void requestStop(String reason) {
        this.stopReason = reason;
    }

    /** @return why training stopped before its last epoch, or null */
    public String stopReason() {
        return stopReason;
    }

    /**
     * Trains for the remaining epochs.
     *
     * @param train training rows with values in [0, 1] when binarised
     * @param validation validation rows (may have 0 rows)
     * @return the final state
     */
    public TrainerState fit(Dataset train, Dataset validation) {
        Binarization binarization = config.data().binarization();
        long binarizationSeed = config.data().binarizationSeed();
        this.examplesPerEpoch = train.size();
        Conditions.check(model.config(), train);
        if (validation.size() > 0) {
            Conditions.check(model.config(), validation);
        }
        this.labels = model.config().conditional() ? train.labels() : null;
        float[] trainValues = binarization == Binarization.STATIC
                ? Binarization.sample(train.features(), binarizationSeed)
                : train.features();
        BatchAssembler batches =
                new BatchAssembler(trainValues, train.dim(), config.training().batchSize());
        Dataset validationSet = binarization == Binarization.NONE || validation.size() == 0
                ? validation
                : Binarization.sample(validation, binarizationSeed + 1);
        try (NDManager data = model.parameters().manager().newSubManager()) {
            listeners.forEach(l -> l.onTrainingStart(this));
            for (int epoch = state.epochsDone(); epoch < config.training().epochs() && stopReason == null; epoch++) {
                int epochNumber = epoch + 1;
                listeners.forEach(l -> l.onEpochStart(this, epochNumber));
                EpochMetrics metrics = trainEpoch(epoch, batches, data, validationSet);
                boolean improved = !Double.isNaN(metrics.validationLoss())
                        && (Double.isNaN(state.bestValidationLoss())
                                || metrics.validationLoss() < state.bestValidationLoss());
                state = new TrainerState(
                        epochNumber,
                        optimizer.step(),
                        improved ? metrics.validationLoss() : state.bestValidationLoss(),
                        improved ? 0 : state.epochsWithoutImprovement() + 1);
                TrainerState snapshot = state;
                listeners.forEach(l -> l.onEpochEnd(this, metrics, snapshot));
            }
        }
        TrainerState end = state;
        listeners.forEach(l -> l.onTrainingEnd(this, end));
        return state;
    }

    /** One pass over the training rows (0-based {@code epoch}), then the validation ELBO. */
    private EpochMetrics trainEpoch(int epoch, BatchAssembler batches, NDManager data, Dataset validation) {
        TrainingConfig t = config.training();
        ObjectiveConfig objective = config.objective();
        boolean dynamic = config.data().binarization() == Binarization.DYNAMIC;
        int n = examplesPerEpoch;
        int batchesPerEpoch = (n + t.batchSize() - 1) / t.batchSize();
        long epochSeed = epochSeed(t.seed(), epoch);
        Engines.seed(epochSeed);
        int[] order = Splits.permutation(n, epochSeed);
        SplittableRandom noise = new SplittableRandom(~epochSeed); // a stream apart from the permutation's
        Engine engine = Engines.engine();
        double lr = t.learningRateAt(epoch);
        double klWeight = objective.klWeight(epoch);
        double[] sums = new double[4];
        skippedSteps = 0;
        long start = System.nanoTime();
        model.setTraining(true); // batch statistics in the steps only; validation and everything after use averages
        try {
            for (int b = 0; b < batchesPerEpoch; b++) {
                int from = b * t.batchSize();
                int to = Math.min(n, from + t.batchSize());
                klWeight = objective.klWeight(epoch + (double) b / batchesPerEpoch);
                double[] terms;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = batches.assemble(data, order, from, to, dynamic ? noise : null);
                    if (model instanceof FlowModel flow && optimizer.step() == 0 && b == 0 && !trainedWeights) {
                        // actnorm's data-dependent initialisation, from the very first batch of a fresh run
                        flow.initialize(x);
                    }
                    NDArray condition = labels == null
                            ? null
                            : Conditions.oneHot(
                                    data,
                                    labelsOf(order, from, to),
                                    model.config().conditionClasses());
                    terms = step(engine, x, condition, objective, klWeight, lr, epoch + 1, b + 1);
                }
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += terms[i] * (to - from);
                }
                int batchNumber = b + 1;
                listeners.forEach(l -> l.onBatchEnd(this, batchNumber, terms[0]));
            }
        } finally {
            model.setTraining(false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long validationStart = System.nanoTime();
        ElboEvaluator.Summary val =
                validation.size() == 0 ? ElboEvaluator.Summary.NONE : ElboEvaluator.evaluate(model, validation, 1000);
        double validationSeconds = (System.nanoTime() - validationStart) / 1e9;
        return new EpochMetrics(
                epoch + 1,
                seconds,
                n / seconds,
                lr,
                klWeight,
                sums[0] / n,
                sums[1] / n,
                sums[2] / n,
                sums[3] / n,
                val.loss(),
                val.reconstruction(),
                val.kl(),
                validationSeconds,
                skippedSteps);
    }

    /** @return the labels of the rows {@code order[from..to)} */
    private int[] labelsOf(int[] order, int from, int to) {
        int[] picked = new int[to - from];
        for (int i = from; i < to; i++) {
            picked[i - from] = labels[order[i]];
        }
        return picked;
    }

    /**
     * One optimisation step on a batch; returns loss, reconstruction, KL, bound. A non-finite loss skips the update
     * (the NaN guard then stops the run). A finite loss with a non-finite gradient skips the update too, as mixed-
     * precision loss scalers do, and is counted in the epoch's {@code skippedSteps}; {@value #MAX_CONSECUTIVE_SKIPS}
     * such steps in a row stop the run. (It happened, rarely and under CPU load, before the engine package's rule on
     * Java-backed operands was found; the guard stays as a defence.)
     */
    private double[] step(
            Engine engine,
            NDArray x,
            NDArray condition,
            ObjectiveConfig objective,
            double klWeight,
            double lr,
            int epochNumber,
            int batchNumber) {
        float[] values;
        try (GradientCollector collector = engine.newGradientCollector()) {
            Elbo.Terms terms = TrainingObjective.compute(
                    model, x, condition, objective.estimator(), objective.samples(), (float) klWeight, (float)
                            objective.freeBits());
            collector.backward(terms.loss());
            values = NDArrays.stack(new NDList(terms.loss(), terms.reconstruction(), terms.kl(), terms.bound()))
                    .toFloatArray();
        }
        double[] result = {values[0], values[1], values[2], values[3]};
        if (!Double.isFinite(values[0])) {
            model.parameters().zeroGradients();
            return result;
        }
        double scale = 1;
        double clip = config.training().clipNorm();
        boolean finiteGradient;
        if (clip > 0) {
            double norm = optimizer.gradientNorm(); // NaN or ∞ when a gradient is
            finiteGradient = Double.isFinite(norm);
            if (finiteGradient && norm > clip) {
                scale = clip / norm;
            }
        } else {
            finiteGradient = optimizer.gradientsFinite();
        }
        if (!finiteGradient) {
            model.parameters().zeroGradients();
            skippedSteps++;
            if (++consecutiveSkips >= MAX_CONSECUTIVE_SKIPS) {
                throw new TrainingDivergedException(String.format(
                        "training diverged: %d steps in a row had a non-finite gradient (the loss, %s, is finite), "
                                + "the last at epoch %d, batch %d; the last checkpoint holds epoch %d (try a lower "
                                + "--lr or --clip-norm)",
                        consecutiveSkips, values[0], epochNumber, batchNumber, state.epochsDone()));
            }
        } else if (!optimizer.update(lr, scale)) {
            throw new TrainingDivergedException(String.format(
                    "training diverged: a weight became non-finite at epoch %d, batch %d; the last checkpoint holds "
                            + "epoch %d (try a lower --lr or --clip-norm)",
                    epochNumber, batchNumber, state.epochsDone()));
        } else {
            consecutiveSkips = 0;
        }
        return result;
    }

    /** Mixes the run seed and the epoch into the seed of that epoch's draws. */
    static long epochSeed(long seed, int epoch) {
        return new SplittableRandom(seed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (epoch + 1));
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
