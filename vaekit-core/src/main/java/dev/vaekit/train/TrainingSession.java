package dev.vaekit.train;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import dev.vaekit.data.Splits;
import dev.vaekit.data.Table;
import dev.vaekit.data.TableSchema;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trains a run from a config into a run folder: loads and splits the data, builds (or, with resume, loads) the model,
 * attaches the standard listeners — validation, divergence guard, metrics log, per-epoch checkpoint, early stopping,
 * and {@link FitThreads} (the thread adaptation unless the count is fixed, awake cores) — plus
 * any given ones, then the
 * loss curves ({@code loss.png}), and fits.
 */
public final class TrainingSession {
    /** The file naming a warm-started run's source. */
    public static final String INIT_FROM_FILE = "init-from.json";

    private TrainingSession() {}

    /**
     * Where a warm start takes its weights from.
     *
     * @param run the source run folder
     * @param weights which of its weights: the last epoch's, its average, or the best ({@link Checkpoint.Weights})
     */
    public record WarmStart(Path run, Checkpoint.Weights weights) {
        /** Checks that both are given. */
        public WarmStart {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(weights, "weights");
        }

        /**
         * @param run the source run folder
         * @return a warm start from its last epoch's weights
         */
        public static WarmStart last(Path run) {
            return new WarmStart(run, Checkpoint.Weights.LAST);
        }
    }

    /**
     * What a finished session produced.
     *
     * @param config the config used (input shape filled in)
     * @param state the final trainer state
     * @param stopReason why it stopped early, or null
     */
    public record Result(RunConfig config, TrainerState state, String stopReason) {}

    /**
     * @param config the run's config; when resuming, the saved one (only {@code training.epochs} and {@code training.emaDecay} may differ)
     * @param runDir the run folder
     * @param dataDir where datasets are looked up first, or null
     * @param resume continue the checkpoint in runDir
     * @param extraListeners listeners run after the standard ones (e.g. a progress bar)
     * @return the result
     */
    public static Result run(
            RunConfig config, Path runDir, Path dataDir, boolean resume, List<TrainingListener> extraListeners) {
        return run(config, runDir, dataDir, resume, null, extraListeners);
    }

    /**
     * Like {@link #run(RunConfig, Path, Path, boolean, List)}, optionally starting from another run's weights (a warm
     * start: fine-tuning, or continuing a finished run under a new learning-rate schedule). The optimiser starts
     * afresh and the epochs count from zero; the source run is read, never written, and named in {@code
     * init-from.json}.
     *
     * @param initFrom the run folder and which of its weights initialise the model, or null; its model section must
     *     equal this config's, or differ only by fewer residual blocks (the added ones start as the identity) or
     *     another flow base
     */
    public static Result run(
            RunConfig config,
            Path runDir,
            Path dataDir,
            boolean resume,
            WarmStart initFrom,
            List<TrainingListener> extraListeners) {
        if (resume && initFrom != null) {
            throw new InvalidInputException("a resumed run continues its own weights: drop the warm start (init-from)");
        }
        if (resume && !Checkpoint.resumable(Checkpoint.verify(runDir))) {
            throw new InvalidInputException(runDir + " holds a model's final weights without the optimiser's state, "
                    + "so it cannot be resumed; start a new run from it with --init-from");
        } else if (!resume && Checkpoint.exists(runDir)) {
            throw new InvalidInputException(
                    runDir + " already holds a checkpoint; pass --resume to continue it " + "or choose another --out");
        }
        DataSource all;
        if (config.model().family().tableSchema()) {
            // The schema is fitted on the training file once and kept in config.json; a resumed run reuses it.
            DataConfig data = config.data();
            Table table = Datasets.loadTable(data.dataset());
            TableSchema schema =
                    data.schema() != null ? data.schema() : TableSchema.fit(table, data.labelColumn(), data.columns());
            config = config.withData(data.withSchema(schema));
            all = schema.encode(table, table.name()).dataset();
        } else {
            DatasetSplit split = Datasets.load(config.data(), dataDir, System.err::println);
            all = split.train();
            config = recordSource(config, split.sourceHash(), resume);
        }
        config = config.withModel(checkShape(config.model(), all));
        if (initFrom != null) {
            checkWarmStart(config, initFrom, runDir); // before anything is written
        }
        DataSource[] parts = Splits.trainValidation(
                all, config.data().validationFraction(), config.training().seed());
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new InvalidInputException(runDir + ": cannot create the run folder: " + e.getMessage());
        }
        if (!resume) {
            AtomicFiles.writeString(runDir.resolve("config.json"), Configs.toJson(config));
        }
        try (NDManager manager = Engines.newManager()) {
            Engines.seed(config.training().seed());
            Model model;
            TrainerState state = TrainerState.initial();
            if (resume) {
                Checkpoint.Loaded loaded = Checkpoint.load(runDir, manager);
                model = loaded.model();
                state = loaded.state();
            } else if (initFrom != null) {
                model = warmStart(initFrom, config.model(), runDir, manager);
            } else {
                model = Model.create(config.model(), config.data().schema(), manager);
            }
            try (model;
                    Trainer trainer = new Trainer(config, model)) {
                if (resume) {
                    Checkpoint.loadOptimizer(runDir, trainer.optimizer(), state);
                    trainer.auxiliary().ifPresent(a -> Checkpoint.loadAuxiliary(runDir, a));
                    trainer.resumeFrom(state);
                } else if (initFrom != null) {
                    trainer.startFromTrainedWeights();
                }
                if (parts[1].size() > 0) {
                    trainer.addListener(Validation.of(config.data(), parts[1]));
                }
                trainer.addListener(new DivergenceGuard())
                        .addListener(new MetricsLog(runDir))
                        .addListener(new CheckpointListener(runDir));
                if (config.training().patience() > 0) {
                    trainer.addListener(new EarlyStopping(config.training().patience()));
                }
                trainer.addListener(new FitThreads());
                extraListeners.forEach(trainer::addListener);
                trainer.addListener(new LossCurves.Listener(
                        runDir, "vaekit: " + config.data().dataset()));
                TrainerState end = trainer.fit(parts[0]);
                return new Result(config, end, trainer.stopReason());
            }
        }
    }

    /**
     * Refuses a warm start from this run's own folder, from a damaged checkpoint or from another architecture: the
     * source's model section must be this run's, or differ only in having fewer residual blocks (a deeper model
     * starts with the blocks it adds as the identity, so it begins exactly where the source ended) or another flow
     * base (a base has no weights: the same flow is then trained under the new base).
     */
    private static void checkWarmStart(RunConfig config, WarmStart warmStart, Path runDir) {
        Path source = warmStart.run();
        if (source.toAbsolutePath().normalize().equals(runDir.toAbsolutePath().normalize())) {
            throw new InvalidInputException("init-from " + source + " is this run's own folder; use --resume");
        }
        Manifest manifest = Checkpoint.verify(source, false);
        if (warmStart.weights() == Checkpoint.Weights.AVERAGED
                && !manifest.files().containsKey(Checkpoint.AVERAGED_WEIGHTS)) {
            throw new InvalidInputException("init-from " + source + " keeps no average of its weights (its "
                    + "training.emaDecay is 0); start from its last or best weights");
        }
        RunConfig from = Configs.read(source.resolve("config.json"));
        if (!grows(from.model(), config.model())
                || !Objects.equals(from.data().schema(), config.data().schema())) {
            throw new InvalidInputException("init-from " + source + ": its model section differs from this run's; "
                    + "a warm start needs the same architecture, or the same with more model.residualBlocks or "
                    + "another model.flowBaseDof (compare its config.json)");
        }
    }

    /**
     * @return whether {@code to} is {@code from}, or {@code from} with more residual blocks and/or another flow base,
     *     nothing else changed
     */
    private static boolean grows(ModelConfig from, ModelConfig to) {
        if (to.residualBlocks() < from.residualBlocks()) {
            return false;
        }
        ObjectNode a = Configs.json().valueToTree(from);
        ObjectNode b = Configs.json().valueToTree(to);
        for (String free : List.of("residualBlocks", "flowBaseDof")) {
            a.remove(free);
            b.remove(free);
        }
        return a.equals(b);
    }

    /**
     * Loads the source run's chosen weights (checked by {@link #checkWarmStart}) into the model this config describes,
     * and names them in the run folder.
     */
    private static Model warmStart(WarmStart warmStart, ModelConfig model, Path runDir, NDManager manager) {
        Checkpoint.Loaded loaded = Checkpoint.loadInto(warmStart.run(), warmStart.weights(), model, manager);
        String file = loaded.bestWeights()
                ? Checkpoint.BEST_WEIGHTS
                : loaded.averagedWeights() ? Checkpoint.AVERAGED_WEIGHTS : "weights.safetensors";
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("run", warmStart.run().toAbsolutePath().normalize().toString());
        provenance.put("epochs", loaded.state().epochsDone());
        provenance.put("weights", file);
        provenance.put("weightsSha256", loaded.manifest().files().get(file));
        AtomicFiles.writeString(runDir.resolve(INIT_FROM_FILE), Configs.toJson(provenance));
        return loaded.model();
    }

    /**
     * Records in the config which images a run trains on (a folder's hash), and refuses to resume a run on a folder
     * whose images changed since: the resumed run would not be the one that was started.
     */
    private static RunConfig recordSource(RunConfig config, String hash, boolean resume) {
        String recorded = config.data().sourceHash();
        if (resume && recorded != null && !recorded.equals(hash)) {
            throw new InvalidInputException(config.data().dataset() + ": its images changed since the run started "
                    + "(hash " + recorded + ", now " + hash + "); a resumed run needs the same data: start a new run");
        }
        return hash == null ? config : config.withData(config.data().withSourceHash(hash));
    }

    /** Fills the model's input shape from the data, or checks that a given one matches. */
    public static ModelConfig checkShape(ModelConfig model, DataSource data) {
        ModelConfig fromData = model.withInputShape(data.channels(), data.height(), data.width());
        if (model.inputShape() != null && !model.inputShape().equals(fromData.inputShape())) {
            throw new InvalidInputException("model.inputShape " + model.inputShape() + " does not match the data "
                    + data.name() + " of shape " + fromData.inputShape());
        }
        return fromData;
    }
}
