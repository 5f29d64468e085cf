package dev.vaekit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.Splits;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Batch;
import dev.vaekit.models.Conditions;
import dev.vaekit.models.LossContext;
import dev.vaekit.models.Model;
import dev.vaekit.objectives.Loss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fits a {@link Model} by minibatch stochastic gradient descent on its {@link Model#loss} with Adam. Each epoch draws a
 * seeded permutation of the rows; each batch is gathered from it in Java (with a fresh Bernoulli draw under dynamic
 * binarisation, see {@link BatchAssembler}) one batch ahead on a background thread ({@link BatchPrefetcher}) and
 * handed to the engine. Every random draw of epoch e is seeded from (seed, e), so a run resumed at an epoch boundary
 * repeats the uninterrupted one.
 *
 * <p>A model with an {@link dev.vaekit.models.AuxiliaryObjective} (FactorVAE's discriminator) has it trained beside
 * it by an {@link AuxiliaryTrainer}: after each of the model's steps, one step of the objective on the same batch with
 * its own Adam; its loss and terms join the epoch's metrics.
 *
 * <p>The loop itself only steps: validation ({@link Validation}), the divergence guard ({@link DivergenceGuard}),
 * metrics, checkpoints, early stopping and progress are {@link TrainingListener}s.
 */
public final class Trainer implements AutoCloseable {
    private final RunConfig config;
    private final Model model;
    private final Adam optimizer;
    /** Trains the model's auxiliary objective, or null when it has none. */
    private final AuxiliaryTrainer auxiliary;

    private final List<TrainingListener> listeners = new ArrayList<>();
    private TrainerState state = TrainerState.initial();
    private boolean trainedWeights;
    private String stopReason;
    /** The training rows. */
    private int rows;
    /** The examples each epoch steps on: all the rows, or fewer under {@code batchesPerEpoch}. */
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
        this.auxiliary = model.auxiliary().map(AuxiliaryTrainer::new).orElse(null);
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

    /** @return the trainer of the model's auxiliary objective (its parameters and Adam go into checkpoints), if any */
    public java.util.Optional<AuxiliaryTrainer> auxiliary() {
        return java.util.Optional.ofNullable(auxiliary);
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
     * must not re-run the data-dependent initialisation ({@link Model#prepare}), which would overwrite them.
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
     * Trains for the remaining epochs, validating on held-out rows: {@link #fit(Dataset)} with a {@link Validation}
     * listener added first ({@link Validation#of}), unless there are no such rows.
     *
     * @param train training rows with values in [0, 1] when binarised
     * @param validation validation rows (may have 0 rows)
     * @return the final state
     */
    public TrainerState fit(DataSource train, DataSource validation) {
        if (validation.size() > 0) {
            Conditions.check(model.config(), validation);
            listeners.add(0, Validation.of(config.data(), validation));
        }
        return fit(train);
    }

    /**
     * Trains for the remaining epochs.
     *
     * @param train training rows with values in [0, 1] when binarised
     * @return the final state
     */
    public TrainerState fit(DataSource train) {
        this.rows = train.size();
        int batchSize = config.training().batchSize();
        int limit = config.training().batchesPerEpoch();
        this.examplesPerEpoch = limit == 0 ? rows : (int) Math.min(rows, (long) limit * batchSize);
        Conditions.check(model.config(), train);
        this.labels = model.config().conditional() ? train.labels() : null;
        try (NDManager data = model.parameters().manager().newSubManager();
                BatchPrefetcher batches = new BatchPrefetcher(BatchAssembler.of(train, config.data(), batchSize))) {
            listeners.forEach(l -> l.onTrainingStart(this));
            for (int epoch = state.epochsDone(); epoch < config.training().epochs() && stopReason == null; epoch++) {
                int epochNumber = epoch + 1;
                listeners.forEach(l -> l.onEpochStart(this, epochNumber));
                EpochMetrics metrics = trainEpoch(epoch, batches, data);
                for (TrainingListener l : listeners) {
                    metrics = l.measure(this, metrics);
                }
                state = state.after(metrics, optimizer.step());
                EpochMetrics measured = metrics;
                TrainerState snapshot = state;
                listeners.forEach(l -> l.onEpochEnd(this, measured, snapshot));
            }
        }
        TrainerState end = state;
        listeners.forEach(l -> l.onTrainingEnd(this, end));
        return state;
    }

    /**
     * One epoch (0-based {@code epoch}): a pass over the training rows in a fresh random order, or its first {@code
     * batchesPerEpoch} batches.
     */
    private EpochMetrics trainEpoch(int epoch, BatchPrefetcher batches, NDManager data) {
        TrainingConfig t = config.training();
        boolean dynamic = config.data().binarization() == Binarization.DYNAMIC;
        int n = rows; // the data set's size, which minibatch estimators over the data set need (β-TCVAE)
        int batchesPerEpoch = (examplesPerEpoch + t.batchSize() - 1) / t.batchSize();
        long epochSeed = epochSeed(t.seed(), epoch);
        Engines.seed(epochSeed);
        int[] order = Splits.permutation(n, epochSeed);
        SplittableRandom noise = new SplittableRandom(~epochSeed); // a stream apart from the permutation's
        Engine engine = Engines.engine();
        double lr = t.learningRateAt(epoch);
        LossContext context = new LossContext(config.objective(), epoch, n);
        EpochSums sums = new EpochSums();
        long start = System.nanoTime();
        BatchPrefetcher.Epoch epochBatches =
                batches.epoch(order, batchesPerEpoch, t.batchSize(), dynamic ? noise : null);
        model.setTraining(true); // batch statistics in the steps only; validation and everything after use averages
        try {
            for (int b = 0; b < batchesPerEpoch; b++) {
                int from = b * t.batchSize();
                int to = Math.min(n, from + t.batchSize());
                context = new LossContext(config.objective(), epoch + (double) b / batchesPerEpoch, n);
                StepResult step;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = epochBatches.next(data);
                    NDArray condition = labels == null
                            ? null
                            : Conditions.oneHot(
                                    data,
                                    labelsOf(order, from, to),
                                    model.config().conditionClasses());
                    Batch batch = new Batch(x, condition);
                    if (optimizer.step() == 0 && b == 0 && !trainedWeights) {
                        model.prepare(batch); // data-dependent initialisation, from the very first batch of a fresh run
                    }
                    step = step(engine, batch, context, lr, epoch + 1, b + 1, sums, to - from);
                    if (auxiliary != null && step.outcome() != StepResult.Outcome.NON_FINITE_LOSS) {
                        step = auxiliaryStep(engine, batch, context, step, sums, to - from);
                    }
                }
                StepResult result = step;
                listeners.forEach(l -> l.onBatchEnd(this, result));
            }
        } finally {
            model.setTraining(false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return sums.metrics(
                epoch + 1, seconds, examplesPerEpoch, lr, config.objective().klWeight(context.epochProgress()));
    }

    /** The epoch's running sums of the loss terms, weighted by batch size. */
    private static final class EpochSums {
        final double[] terms = new double[4];
        final Map<String, Double> extra = new LinkedHashMap<>();
        int skipped;

        void addExtra(Map<String, Float> values, int rows) {
            values.forEach((k, v) -> extra.merge(k, (double) v * rows, Double::sum));
        }

        void add(float[] values, List<String> extraNames, int rows) {
            for (int i = 0; i < terms.length; i++) {
                terms[i] += (double) values[i] * rows;
            }
            for (int i = 0; i < extraNames.size(); i++) {
                extra.merge(extraNames.get(i), (double) values[terms.length + i] * rows, Double::sum);
            }
        }

        EpochMetrics metrics(int epoch, double seconds, int n, double lr, double klWeight) {
            Map<String, Double> means = new LinkedHashMap<>();
            extra.forEach((k, v) -> means.put(k, v / n));
            return new EpochMetrics(
                    epoch,
                    seconds,
                    n / seconds,
                    lr,
                    klWeight,
                    terms[0] / n,
                    terms[1] / n,
                    terms[2] / n,
                    terms[3] / n,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    0,
                    skipped,
                    means);
        }
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
     * One optimisation step on a batch. A non-finite loss skips the update, and so does a finite loss with a
     * non-finite gradient (counted in the epoch's {@code skippedSteps}); the {@link DivergenceGuard} decides when to
     * stop.
     */
    private StepResult step(
            Engine engine,
            Batch batch,
            LossContext context,
            double lr,
            int epochNumber,
            int batchNumber,
            EpochSums sums,
            int rows) {
        float[] values;
        List<String> extraNames;
        try (GradientCollector collector = engine.newGradientCollector()) {
            Loss loss = model.loss(batch, context);
            collector.backward(loss.value());
            NDList scalars = new NDList(loss.value(), loss.reconstruction(), loss.kl(), loss.bound());
            loss.extra().values().forEach(scalars::add);
            extraNames = List.copyOf(loss.extra().keySet());
            values = NDArrays.stack(scalars).toFloatArray();
        }
        sums.add(values, extraNames, rows);
        double value = values[0];
        if (!Double.isFinite(value)) {
            model.parameters().zeroGradients();
            return new StepResult(epochNumber, batchNumber, value, StepResult.Outcome.NON_FINITE_LOSS);
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
            sums.skipped++;
            return new StepResult(epochNumber, batchNumber, value, StepResult.Outcome.NON_FINITE_GRADIENT);
        }
        boolean finiteWeights = optimizer.update(lr, scale);
        return new StepResult(
                epochNumber,
                batchNumber,
                value,
                finiteWeights ? StepResult.Outcome.APPLIED : StepResult.Outcome.NON_FINITE_WEIGHTS);
    }

    /**
     * One step of the model's auxiliary objective after the model's own; its outcome is the step's when the model's
     * was applied and its own was not, so that the {@link DivergenceGuard} sees it.
     */
    private StepResult auxiliaryStep(
            Engine engine, Batch batch, LossContext context, StepResult main, EpochSums sums, int rows) {
        AuxiliaryTrainer.Step s = auxiliary.step(engine, batch, context);
        sums.addExtra(s.terms(), rows);
        if (s.outcome() == StepResult.Outcome.APPLIED || main.outcome() != StepResult.Outcome.APPLIED) {
            return main;
        }
        return new StepResult(
                main.epoch(),
                main.batch(),
                s.loss(),
                s.outcome(),
                auxiliary.objective().name());
    }

    /** Mixes the run seed and the epoch into the seed of that epoch's draws. */
    static long epochSeed(long seed, int epoch) {
        return new SplittableRandom(seed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (epoch + 1));
    }

    @Override
    public void close() {
        optimizer.close();
        if (auxiliary != null) {
            auxiliary.close();
        }
    }
}
