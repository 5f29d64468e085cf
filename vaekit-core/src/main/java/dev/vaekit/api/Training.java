package dev.vaekit.api;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Model;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.CheckpointListener;
import dev.vaekit.train.Configs;
import dev.vaekit.train.DivergenceGuard;
import dev.vaekit.train.EarlyStopping;
import dev.vaekit.train.FitThreads;
import dev.vaekit.train.LossCurves;
import dev.vaekit.train.MetricsLog;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainerState;
import dev.vaekit.train.TrainingListener;
import dev.vaekit.train.TrainingSession;
import dev.vaekit.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains a model on data held in memory, from Java:
 *
 * <pre>{@code
 * RunConfig config = RunConfig.builder()
 *         .model(ModelConfig.builder("dense-vae").latentDim(8).build())
 *         .training(TrainingConfig.builder().epochs(5).build())
 *         .build();
 * try (TrainedModel vae = Training.of(config).fit(train, validation)) {
 *     float[][] codes = vae.encode(images);
 * }
 * }</pre>
 *
 * The model is built by its family (or a {@link ModelBuilder}), seeded by {@code training.seed}, and trained with
 * vaekit's standard policies: validation on the given rows, the {@link DivergenceGuard}, early stopping when {@code
 * training.patience} asks for it, and any listeners added. With a {@link #runFolder run folder} it also writes what
 * {@code vaekit train} writes there (config, a checkpoint after every epoch, metrics, loss curves), so that every
 * command can use the result and the run can be resumed. The data section's dataset name is only a label here; its
 * binarization is applied to the given rows as in {@code vaekit train}.
 */
public final class Training {
    private final RunConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private ModelBuilder builder;
    private Path runFolder;

    private Training(RunConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * @param config the run's config
     * @return a training of it, with the standard policies
     */
    public static Training of(RunConfig config) {
        return new Training(config);
    }

    /**
     * @param listener watches the training (after the standard policies, in the order added)
     * @return this training
     */
    public Training listener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * @param value builds the model instead of its family's factory, e.g. on networks of one's own
     * @return this training
     */
    public Training model(ModelBuilder value) {
        this.builder = Objects.requireNonNull(value, "model builder");
        return this;
    }

    /**
     * @param folder where to write the run (config, per-epoch checkpoints, metrics, loss curves); must not hold a
     *     checkpoint yet
     * @return this training
     */
    public Training runFolder(Path folder) {
        this.runFolder = Objects.requireNonNull(folder, "run folder");
        return this;
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new InvalidInputException(folder + ": cannot create the run folder: " + e.getMessage());
        }
    }

    /**
     * Trains on all the given rows, without validation.
     *
     * @param train training rows, values in [0, 1] if the data section binarises them
     * @return the trained model; close it when done
     */
    public TrainedModel fit(DataSource train) {
        return fit(train, train.slice(0, 0));
    }

    /**
     * Trains, validating after every epoch.
     *
     * @param train training rows, values in [0, 1] if the data section binarises them
     * @param validation held-out rows (may have none)
     * @return the trained model, holding the last epoch's weights; close it when done
     */
    public TrainedModel fit(DataSource train, DataSource validation) {
        RunConfig shaped = config.withModel(TrainingSession.checkShape(config.model(), train));
        if (runFolder != null && Checkpoint.exists(runFolder)) {
            throw new InvalidInputException(runFolder + " already holds a checkpoint; choose another folder");
        }
        NDManager manager = Engines.newManager();
        Model model = null;
        try {
            Engines.seed(shaped.training().seed());
            model = builder != null
                    ? builder.build(shaped.model(), manager)
                    : Model.create(shaped.model(), shaped.data().schema(), manager);
            TrainerState end;
            try (Trainer trainer = new Trainer(shaped, model)) {
                trainer.addListener(new DivergenceGuard());
                if (runFolder != null) {
                    createFolder(runFolder);
                    AtomicFiles.writeString(runFolder.resolve("config.json"), Configs.toJson(shaped));
                    trainer.addListener(new MetricsLog(runFolder)).addListener(new CheckpointListener(runFolder));
                }
                if (shaped.training().patience() > 0) {
                    trainer.addListener(new EarlyStopping(shaped.training().patience()));
                }
                trainer.addListener(new FitThreads());
                listeners.forEach(trainer::addListener);
                if (runFolder != null) {
                    trainer.addListener(new LossCurves.Listener(runFolder, "vaekit: " + train.name()));
                }
                end = trainer.fit(train, validation);
            }
            return new TrainedModel(shaped, model, end, manager);
        } catch (RuntimeException e) {
            if (model != null) {
                model.close();
            }
            manager.close();
            throw e;
        }
    }
}
