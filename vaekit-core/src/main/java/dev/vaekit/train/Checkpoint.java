package dev.vaekit.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.util.AtomicFiles;
import dev.vaekit.util.InputFiles;
import dev.vaekit.util.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run folder as a checkpoint: {@code config.json}, {@code weights.safetensors}, {@code optimizer.safetensors},
 * {@code trainer-state.json} and {@code manifest.json}, plus {@code best-weights.safetensors} (the weights of the epoch
 * with the lowest validation loss) once a run with validation data has finished an epoch, {@code
 * averaged-weights.safetensors} (the moving average of the weights) when the run averages them, and {@code metrics.jsonl},
 * which only grows and is not hashed. Layout and tensor names: docs/checkpoint-format.md.
 *
 * <p>Saving is a small journal so that a kill at any moment leaves a loadable checkpoint: every file is written to
 * {@code <name>.tmp} and flushed; then {@code manifest.json} (listing the new files' hashes) replaces the old one
 * atomically — the commit point; then each {@code .tmp} is renamed over its file. Loading finishes an interrupted
 * commit (renames a {@code .tmp} whose hash the manifest names) and refuses any file whose SHA-256 differs from the
 * manifest.
 */
public final class Checkpoint {
    /** Value of {@link Manifest#format()}. */
    public static final String FORMAT = "vaekit-checkpoint";
    /** Current layout version. */
    public static final int FORMAT_VERSION = 1;
    /** The files a checkpoint commits, in write order. */
    public static final List<String> FILES =
            List.of("config.json", "weights.safetensors", "optimizer.safetensors", "trainer-state.json");
    /** The optimiser's state: what a run folder needs beyond its weights to be resumed. */
    public static final String OPTIMIZER = "optimizer.safetensors";
    /**
     * The files every model folder holds: a run's checkpoint ({@link #FILES}), or a model's final weights alone
     * ({@link #exportWeights}), which every command loads but which cannot be resumed.
     */
    public static final List<String> REQUIRED = List.of("config.json", "weights.safetensors", "trainer-state.json");
    /** The weights of the epoch with the lowest validation loss, committed beside {@link #FILES} when there is one. */
    public static final String BEST_WEIGHTS = "best-weights.safetensors";
    /** The exponential moving average of the weights ({@code training.emaDecay} > 0), committed beside {@link #FILES}. */
    public static final String AVERAGED_WEIGHTS = "averaged-weights.safetensors";
    /**
     * The parameters of a model's auxiliary objective (FactorVAE's discriminator) and their Adam's moments and step
     * count ({@link AuxiliaryTrainer#snapshot}), committed beside {@link #FILES} when the model has one: what {@code
     * --resume} needs of it.
     */
    public static final String AUXILIARY = "auxiliary.safetensors";
    /** The manifest's file name. */
    public static final String MANIFEST = "manifest.json";

    /** Which weights of a run folder to load. */
    public enum Weights {
        /** The last completed epoch's: what {@code --resume} continues from. */
        LAST,
        /**
         * The weights meant for use: those of the epoch with the lowest validation loss (what early stopping keeps)
         * when the run has validation data; otherwise the averaged weights when the run averages them; otherwise the
         * last epoch's.
         */
        BEST,
        /** The moving average of the weights after the last completed epoch; only for a run that averages. */
        AVERAGED
    }

    private Checkpoint() {}

    /**
     * Writes a checkpoint into {@code runDir}, creating it if needed, keeping its best weights if it has any.
     *
     * @param runDir the run folder
     * @param config the run's config
     * @param model trained model
     * @param optimizer its optimiser
     * @param state trainer state after the last completed epoch
     */
    public static void save(Path runDir, RunConfig config, Model model, Adam optimizer, TrainerState state) {
        save(runDir, config, model, optimizer, state, false);
    }

    /**
     * Writes a checkpoint into {@code runDir}, creating it if needed.
     *
     * @param runDir the run folder
     * @param config the run's config
     * @param model trained model
     * @param optimizer its optimiser
     * @param state trainer state after the last completed epoch
     * @param best whether this epoch has the lowest validation loss so far: its weights become {@link #BEST_WEIGHTS};
     *     otherwise the committed best weights, if any, are kept
     */
    public static void save(
            Path runDir, RunConfig config, Model model, Adam optimizer, TrainerState state, boolean best) {
        save(runDir, config, model, optimizer, null, state, best);
    }

    /**
     * Writes a checkpoint into {@code runDir}, creating it if needed, with the state of the model's auxiliary
     * objective.
     *
     * @param runDir the run folder
     * @param config the run's config
     * @param model trained model
     * @param optimizer its optimiser
     * @param auxiliary the trainer of its auxiliary objective, whose state goes into {@link #AUXILIARY}; null if none
     * @param state trainer state after the last completed epoch
     * @param best whether this epoch has the lowest validation loss so far (see {@link #save(Path, RunConfig, Model,
     *     Adam, TrainerState, boolean)})
     */
    public static void save(
            Path runDir,
            RunConfig config,
            Model model,
            Adam optimizer,
            AuxiliaryTrainer auxiliary,
            TrainerState state,
            boolean best) {
        try {
            Files.createDirectories(runDir);
            String keptBestHash = best ? null : committedHash(runDir, BEST_WEIGHTS);
            Map<String, Path> staged = new LinkedHashMap<>();
            staged.put(
                    "config.json",
                    AtomicFiles.writeStaged(
                            runDir.resolve("config.json"),
                            out -> out.write(
                                    Configs.toJson(config).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            try (NDList weights = model.parameters().snapshot()) {
                staged.put(
                        "weights.safetensors",
                        AtomicFiles.writeStaged(
                                runDir.resolve("weights.safetensors"),
                                out -> weights.encode(out, NDList.Encoding.SAFETENSORS)));
                if (best) {
                    staged.put(
                            BEST_WEIGHTS,
                            AtomicFiles.writeStaged(
                                    runDir.resolve(BEST_WEIGHTS),
                                    out -> Files.copy(staged.get("weights.safetensors"), out)));
                }
            }
            try (NDList averaged = optimizer.averagedWeights()) {
                if (averaged != null) {
                    staged.put(
                            AVERAGED_WEIGHTS,
                            AtomicFiles.writeStaged(
                                    runDir.resolve(AVERAGED_WEIGHTS),
                                    out -> averaged.encode(out, NDList.Encoding.SAFETENSORS)));
                }
            }
            try (NDManager scratch = Engines.newManager();
                    NDList moments = optimizer.snapshot(scratch)) {
                staged.put(
                        "optimizer.safetensors",
                        AtomicFiles.writeStaged(
                                runDir.resolve("optimizer.safetensors"),
                                out -> moments.encode(out, NDList.Encoding.SAFETENSORS)));
            }
            if (auxiliary != null) {
                try (NDManager scratch = Engines.newManager();
                        NDList tensors = auxiliary.snapshot(scratch)) {
                    staged.put(
                            AUXILIARY,
                            AtomicFiles.writeStaged(
                                    runDir.resolve(AUXILIARY),
                                    out -> tensors.encode(out, NDList.Encoding.SAFETENSORS)));
                }
            }
            staged.put(
                    "trainer-state.json",
                    AtomicFiles.writeStaged(
                            runDir.resolve("trainer-state.json"),
                            out -> out.write(Configs.toJson(state).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            commit(runDir, config, state, staged, keptBestHash);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + runDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a model folder with a model's current weights alone: config, weights, trainer state and manifest, no
     * optimiser state and no other weights. Every command loads it (the weights it holds are its "last", "best" and
     * only ones); it cannot be resumed, but a new run can start from it ({@code --init-from}). This is the form of
     * the pretrained models and of {@code TrainedModel.save}.
     *
     * @param dir the folder, created if needed; a checkpoint already there is refused
     * @param config the run's config
     * @param model the model, holding the weights to keep
     * @param state where its training stood
     * @throws InvalidInputException if {@code dir} already holds a checkpoint
     */
    public static void exportWeights(Path dir, RunConfig config, Model model, TrainerState state) {
        if (exists(dir)) {
            throw new InvalidInputException(dir + " already holds a checkpoint; choose another folder");
        }
        try {
            Files.createDirectories(dir);
            Map<String, Path> staged = new LinkedHashMap<>();
            staged.put(
                    "config.json",
                    AtomicFiles.writeStaged(
                            dir.resolve("config.json"),
                            out -> out.write(Configs.toJson(config).getBytes(StandardCharsets.UTF_8))));
            try (NDList weights = model.parameters().snapshot()) {
                staged.put(
                        "weights.safetensors",
                        AtomicFiles.writeStaged(
                                dir.resolve("weights.safetensors"),
                                out -> weights.encode(out, NDList.Encoding.SAFETENSORS)));
            }
            staged.put(
                    "trainer-state.json",
                    AtomicFiles.writeStaged(
                            dir.resolve("trainer-state.json"),
                            out -> out.write(Configs.toJson(state).getBytes(StandardCharsets.UTF_8))));
            commit(dir, config, state, staged, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes the manifest (the commit point), then moves the staged files into place. */
    private static void commit(
            Path runDir, RunConfig config, TrainerState state, Map<String, Path> staged, String keptBestHash)
            throws IOException {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : staged.entrySet()) {
            hashes.put(e.getKey(), AtomicFiles.sha256(e.getValue()));
        }
        if (keptBestHash != null) {
            hashes.put(BEST_WEIGHTS, keptBestHash); // the file on disk is unchanged
        }
        Manifest manifest = new Manifest(
                FORMAT,
                FORMAT_VERSION,
                Versions.vaekit(),
                Engines.djlVersion(),
                Engines.pytorchVersion(),
                config.training().seed(),
                config.data().dataset(),
                state.epochsDone(),
                Instant.now().toString(),
                hashes);
        AtomicFiles.writeString(runDir.resolve(MANIFEST), Configs.toJson(manifest)); // the commit point
        for (Map.Entry<String, Path> e : staged.entrySet()) {
            AtomicFiles.move(e.getValue(), runDir.resolve(e.getKey()));
        }
        // temporaries left by a save that was killed before its commit point and not rewritten since
        Files.deleteIfExists(runDir.resolve(BEST_WEIGHTS + ".tmp"));
        Files.deleteIfExists(runDir.resolve(AVERAGED_WEIGHTS + ".tmp"));
        if (!staged.containsKey(AVERAGED_WEIGHTS)) {
            Files.deleteIfExists(runDir.resolve(AVERAGED_WEIGHTS)); // averaging was turned off on a resume
        }
    }

    /**
     * @param manifest a verified manifest
     * @return whether its folder holds the optimiser's state, which {@code --resume} needs
     */
    public static boolean resumable(Manifest manifest) {
        return manifest.files().containsKey(OPTIMIZER);
    }

    /** @return whether {@code dir} holds a committed checkpoint */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /**
     * Verifies a checkpoint: finishes an interrupted commit, then checks every file against the manifest.
     *
     * @param runDir the run folder
     * @return the manifest
     * @throws InvalidInputException if the folder is not a checkpoint, has an unknown version, or a file is missing,
     *     truncated or altered
     */
    public static Manifest verify(Path runDir) {
        return verify(runDir, true);
    }

    /**
     * Verifies a checkpoint, optionally without writing anything: a reader beside a live trainer (the explorer) must not
     * finish the trainer's commit for it, or the trainer's own renames would fail.
     *
     * @param runDir the run folder
     * @param finishInterruptedCommit whether to finish a commit found half done; if false, such a commit is refused
     *     like a damaged file ("a commit is in progress")
     * @return the manifest
     * @throws InvalidInputException as {@link #verify(Path)}
     */
    public static Manifest verify(Path runDir, boolean finishInterruptedCommit) {
        if (!Files.isDirectory(runDir)) {
            throw new InvalidInputException(runDir + ": no such run folder");
        }
        Path manifestFile = runDir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidInputException(runDir + ": not a vaekit run folder (no " + MANIFEST + ")");
        }
        Manifest manifest =
                Configs.parseJson(InputFiles.readSmallText(manifestFile), Manifest.class, manifestFile.toString());
        if (!FORMAT.equals(manifest.format()) || manifest.formatVersion() != FORMAT_VERSION) {
            throw new InvalidInputException(manifestFile + ": unsupported checkpoint format '"
                    + (manifest.format() == null ? "" : InputFiles.shown(manifest.format())) + "' version "
                    + manifest.formatVersion() + "; this vaekit reads " + FORMAT + " version "
                    + FORMAT_VERSION);
        }
        if (manifest.files() == null || !manifest.files().keySet().containsAll(REQUIRED)) {
            throw new InvalidInputException(manifestFile + ": lists "
                    + (manifest.files() == null
                            ? "no files"
                            : manifest.files().keySet().stream()
                                    .map(InputFiles::shown)
                                    .toList())
                    + ", expected " + REQUIRED + ", with " + OPTIMIZER + " to be resumable, and optionally "
                    + BEST_WEIGHTS + " and " + AVERAGED_WEIGHTS);
        }
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            String name = e.getKey();
            if (!FILES.contains(name)
                    && !BEST_WEIGHTS.equals(name)
                    && !AVERAGED_WEIGHTS.equals(name)
                    && !AUXILIARY.equals(name)) {
                throw new InvalidInputException(manifestFile + ": unexpected file '" + InputFiles.shown(name) + "'");
            }
            Path file = runDir.resolve(name);
            try {
                if (!hashMatches(file, e.getValue())) {
                    Path staged = runDir.resolve(name + ".tmp");
                    if (hashMatches(staged, e.getValue())) {
                        if (!finishInterruptedCommit) {
                            throw new InvalidInputException(file + ": a commit is in progress; try again");
                        }
                        AtomicFiles.move(staged, file); // finish a commit that was interrupted after the manifest
                    } else if (Files.isSymbolicLink(file)) {
                        throw new InvalidInputException(
                                file + ": is a symbolic link; a checkpoint's files must lie in its own folder");
                    } else if (!Files.exists(file)) {
                        throw new InvalidInputException(file + ": missing (listed in " + MANIFEST + ")");
                    } else {
                        throw new InvalidInputException(file + ": SHA-256 differs from " + MANIFEST
                                + "; the file is truncated, corrupted or was modified");
                    }
                }
            } catch (IOException ex) {
                throw new InvalidInputException(file + ": cannot read: " + ex.getMessage());
            }
        }
        return manifest;
    }

    /**
     * A file of the run folder matches its hash only if it is a regular file of the folder itself: a symbolic link is
     * never followed, so a checkpoint cannot make vaekit read outside its folder.
     */
    private static boolean hashMatches(Path file, String expected) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && AtomicFiles.sha256(file).equalsIgnoreCase(expected);
    }

    /** @return the hash the committed manifest of {@code runDir} gives {@code name}, or null if none */
    private static String committedHash(Path runDir, String name) throws IOException {
        Path manifestFile = runDir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            return null;
        }
        Manifest manifest =
                Configs.parseJson(InputFiles.readSmallText(manifestFile), Manifest.class, manifestFile.toString());
        return manifest.files() == null ? null : manifest.files().get(name);
    }

    /**
     * A checkpoint read back: its config, the model with its weights, and the trainer state.
     *
     * @param config the run's config
     * @param model the model ({@code Vae}, {@code PlainAutoencoder} or {@code FlowModel}, as {@code model.type} says),
     *     weights loaded
     * @param state trainer state
     * @param manifest the verified manifest
     * @param bestWeights whether the model holds the best epoch's weights rather than the last epoch's
     * @param averagedWeights whether the model holds the moving average of the weights after the last epoch
     */
    public record Loaded(
            RunConfig config,
            Model model,
            TrainerState state,
            Manifest manifest,
            boolean bestWeights,
            boolean averagedWeights) {
        /**
         * @return the epoch whose weights the model holds: the last completed one, or for the best weights the one
         *     with the lowest validation loss
         */
        public int weightsEpoch() {
            return bestWeights ? state.epochsDone() - state.epochsWithoutImprovement() : state.epochsDone();
        }

        /**
         * @return which weights the model holds, e.g. {@code "weights of epoch 7 of 10, the best on validation"} or
         *     {@code "weights averaged over training to epoch 30 (decay 0.9995)"}
         */
        public String weightsDescription() {
            int done = state.epochsDone();
            if (bestWeights) {
                return String.format("weights of epoch %d of %d, the best on validation", weightsEpoch(), done);
            }
            return averagedWeights
                    ? String.format(
                            java.util.Locale.ROOT,
                            "weights averaged over training to epoch %d (decay %s)",
                            done,
                            config.training().emaDecay())
                    : String.format("weights of epoch %d, the last", done);
        }

        /**
         * @return the model as an autoencoder
         * @throws InvalidInputException if it is a stand-alone flow
         */
        public Autoencoder autoencoder() {
            return model.requireAutoencoder();
        }
    }

    /**
     * Loads a verified checkpoint's model with its last epoch's weights (to resume training).
     *
     * @param runDir the run folder
     * @param manager parent manager of the model's tensors
     * @return config, model and state
     */
    public static Loaded load(Path runDir, NDManager manager) {
        return load(runDir, manager, Weights.LAST);
    }

    /**
     * Loads a verified checkpoint's model.
     *
     * @param runDir the run folder
     * @param manager parent manager of the model's tensors
     * @param which the last epoch's weights or the best ones
     * @return config, model and state
     */
    public static Loaded load(Path runDir, NDManager manager, Weights which) {
        return load(runDir, manager, which, true);
    }

    /**
     * Loads a verified checkpoint's model, optionally without writing to the run folder (see {@link #verify(Path,
     * boolean)}).
     *
     * @param runDir the run folder
     * @param manager parent manager of the model's tensors
     * @param which the last epoch's weights or the best ones
     * @param finishInterruptedCommit whether a commit found half done may be finished
     * @return config, model and state
     */
    public static Loaded load(Path runDir, NDManager manager, Weights which, boolean finishInterruptedCommit) {
        return load(runDir, manager, which, finishInterruptedCommit, null);
    }

    /**
     * Loads a verified checkpoint's last weights, without writing to the run folder, into a model built from a given
     * config: the checkpoint's own, or one deeper by layers that start as the identity (more residual blocks), which
     * then computes what the checkpoint's model does ({@link dev.vaekit.nn.Parameters#load(NDList, String,
     * boolean)}).
     *
     * @param runDir the run folder
     * @param which which of its weights
     * @param model the config to build the model from
     * @param manager parent manager of the model's tensors
     * @return the checkpoint's config and state, and the model
     * @throws InvalidInputException if the checkpoint's weights do not all fit the model, or the model has parameters
     *     other than added identity layers' that the checkpoint lacks
     */
    public static Loaded loadInto(Path runDir, Weights which, ModelConfig model, NDManager manager) {
        return load(runDir, manager, which, false, model);
    }

    private static Loaded load(
            Path runDir, NDManager manager, Weights which, boolean finishInterruptedCommit, ModelConfig into) {
        Manifest manifest = verify(runDir, finishInterruptedCommit);
        RunConfig config = Configs.read(runDir.resolve("config.json"));
        TrainerState state = readState(runDir);
        boolean hasAveraged = manifest.files().containsKey(AVERAGED_WEIGHTS);
        if (which == Weights.AVERAGED && !hasAveraged) {
            throw new InvalidInputException(runDir + ": the run keeps no average of its weights (training.emaDecay is "
                    + "0); use the best or last weights");
        }
        String file = which == Weights.AVERAGED
                ? AVERAGED_WEIGHTS
                : which == Weights.LAST
                        ? "weights.safetensors"
                        : manifest.files().containsKey(BEST_WEIGHTS)
                                ? BEST_WEIGHTS
                                : hasAveraged ? AVERAGED_WEIGHTS : "weights.safetensors";
        Model model =
                Model.create(into != null ? into : config.model(), config.data().schema(), manager);
        try (NDList weights = readTensors(runDir.resolve(file), manager)) {
            model.parameters().load(weights, runDir.resolve(file).toString(), into != null);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return new Loaded(config, model, state, manifest, file.equals(BEST_WEIGHTS), file.equals(AVERAGED_WEIGHTS));
    }

    /**
     * Restores the optimiser's moments of a verified checkpoint, and its weight average when both the run folder and
     * the optimiser keep one (an optimiser that starts averaging on a resume starts from the loaded weights).
     *
     * @param runDir the run folder
     * @param optimizer optimiser of the loaded model
     * @param state the checkpoint's trainer state (gives the step counter)
     */
    public static void loadOptimizer(Path runDir, Adam optimizer, TrainerState state) {
        Path file = runDir.resolve("optimizer.safetensors");
        try (NDManager scratch = Engines.newManager()) {
            optimizer.restore(readTensors(file, scratch), state.steps(), file.toString());
            Path averaged = runDir.resolve(AVERAGED_WEIGHTS);
            if (optimizer.averaging() && committedHash(runDir, AVERAGED_WEIGHTS) != null) {
                optimizer.restoreAverages(readTensors(averaged, scratch), averaged.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(runDir + ": cannot read its manifest: " + e.getMessage(), e);
        }
    }

    /**
     * Restores the state of a model's auxiliary objective (its parameters, Adam moments and step count) from a verified
     * checkpoint, to resume.
     *
     * @param runDir the run folder
     * @param auxiliary the trainer of the loaded model's auxiliary objective
     * @throws InvalidInputException if the checkpoint holds none, or it does not fit
     */
    public static void loadAuxiliary(Path runDir, AuxiliaryTrainer auxiliary) {
        try {
            if (committedHash(runDir, AUXILIARY) == null) {
                throw new InvalidInputException(runDir + ": the checkpoint holds no state of the model's "
                        + auxiliary.objective().name() + " (" + AUXILIARY + "), so it cannot be resumed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(runDir + ": cannot read its manifest: " + e.getMessage(), e);
        }
        Path file = runDir.resolve(AUXILIARY);
        try (NDManager scratch = Engines.newManager()) {
            auxiliary.restore(readTensors(file, scratch), file.toString());
        }
    }

    private static TrainerState readState(Path runDir) {
        Path file = runDir.resolve("trainer-state.json");
        return Configs.parseJson(InputFiles.readSmallText(file), TrainerState.class, file.toString());
    }

    private static NDList readTensors(Path file, NDManager manager) {
        try (InputStream in = Files.newInputStream(file)) {
            return NDList.decode(manager, in);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(file + ": not a readable safetensors file: " + e.getMessage(), e);
        }
    }
}
