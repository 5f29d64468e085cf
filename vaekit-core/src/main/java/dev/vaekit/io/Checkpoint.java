package dev.vaekit.io;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.Model;
import dev.vaekit.train.Adam;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TrainerState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run folder as a checkpoint: {@code config.json}, {@code weights.safetensors}, {@code optimizer.safetensors},
 * {@code trainer-state.json} and {@code manifest.json} (plus {@code metrics.jsonl}, which only grows and is not
 * hashed). Layout and tensor names: docs/checkpoint-format.md.
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
    /** The manifest's file name. */
    public static final String MANIFEST = "manifest.json";

    private Checkpoint() {}

    /**
     * Writes a checkpoint into {@code runDir}, creating it if needed.
     *
     * @param runDir the run folder
     * @param config the run's config
     * @param model trained model
     * @param optimizer its optimiser
     * @param state trainer state after the last completed epoch
     */
    public static void save(Path runDir, RunConfig config, Model model, Adam optimizer, TrainerState state) {
        try {
            Files.createDirectories(runDir);
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
            }
            try (NDManager scratch = Engines.newManager();
                    NDList moments = optimizer.snapshot(scratch)) {
                staged.put(
                        "optimizer.safetensors",
                        AtomicFiles.writeStaged(
                                runDir.resolve("optimizer.safetensors"),
                                out -> moments.encode(out, NDList.Encoding.SAFETENSORS)));
            }
            staged.put(
                    "trainer-state.json",
                    AtomicFiles.writeStaged(
                            runDir.resolve("trainer-state.json"),
                            out -> out.write(Configs.toJson(state).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            Map<String, String> hashes = new LinkedHashMap<>();
            for (Map.Entry<String, Path> e : staged.entrySet()) {
                hashes.put(e.getKey(), AtomicFiles.sha256(e.getValue()));
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + runDir + ": " + e.getMessage(), e);
        }
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
        if (!Files.isDirectory(runDir)) {
            throw new InvalidInputException(runDir + ": no such run folder");
        }
        Path manifestFile = runDir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidInputException(runDir + ": not a vaekit run folder (no " + MANIFEST + ")");
        }
        Manifest manifest;
        try {
            manifest = Configs.parseJson(Files.readString(manifestFile), Manifest.class, manifestFile.toString());
        } catch (IOException e) {
            throw new InvalidInputException(manifestFile + ": cannot read: " + e.getMessage());
        }
        if (!FORMAT.equals(manifest.format()) || manifest.formatVersion() != FORMAT_VERSION) {
            throw new InvalidInputException(manifestFile + ": unsupported checkpoint format '" + manifest.format()
                    + "' version " + manifest.formatVersion() + "; this vaekit reads " + FORMAT + " version "
                    + FORMAT_VERSION);
        }
        if (manifest.files() == null || !manifest.files().keySet().containsAll(FILES)) {
            throw new InvalidInputException(manifestFile + ": lists "
                    + (manifest.files() == null ? "no files" : manifest.files().keySet()) + ", expected " + FILES);
        }
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            String name = e.getKey();
            if (!FILES.contains(name)) {
                throw new InvalidInputException(manifestFile + ": unexpected file '" + name + "'");
            }
            Path file = runDir.resolve(name);
            try {
                if (!hashMatches(file, e.getValue())) {
                    Path staged = runDir.resolve(name + ".tmp");
                    if (hashMatches(staged, e.getValue())) {
                        AtomicFiles.move(staged, file); // finish a commit that was interrupted after the manifest
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

    private static boolean hashMatches(Path file, String expected) throws IOException {
        return Files.isRegularFile(file) && AtomicFiles.sha256(file).equalsIgnoreCase(expected);
    }

    /**
     * A checkpoint read back: its config, the model with its weights, and the trainer state.
     *
     * @param config the run's config
     * @param model the model ({@code Vae}, {@code PlainAutoencoder} or {@code FlowModel}, as {@code model.type} says),
     *     weights loaded
     * @param state trainer state
     * @param manifest the verified manifest
     */
    public record Loaded(RunConfig config, Model model, TrainerState state, Manifest manifest) {
        /**
         * @return the model as an autoencoder
         * @throws InvalidInputException if it is a stand-alone flow
         */
        public Autoencoder autoencoder() {
            if (model instanceof Autoencoder autoencoder) {
                return autoencoder;
            }
            throw new InvalidInputException("the run holds a " + model.config().type() + " flow, which has no "
                    + "separate encoder, decoder or latent space of its own size; this needs a VAE or autoencoder");
        }
    }

    /**
     * Loads a verified checkpoint's model.
     *
     * @param runDir the run folder
     * @param manager parent manager of the model's tensors
     * @return config, model and state
     */
    public static Loaded load(Path runDir, NDManager manager) {
        Manifest manifest = verify(runDir);
        RunConfig config = Configs.read(runDir.resolve("config.json"));
        TrainerState state = readState(runDir);
        Model model = Model.create(config.model(), config.data().schema(), manager);
        try (NDList weights = readTensors(runDir.resolve("weights.safetensors"), manager)) {
            model.parameters().load(weights, "weights.safetensors");
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return new Loaded(config, model, state, manifest);
    }

    /**
     * Restores the optimiser's moments of a verified checkpoint.
     *
     * @param runDir the run folder
     * @param optimizer optimiser of the loaded model
     * @param state the checkpoint's trainer state (gives the step counter)
     */
    public static void loadOptimizer(Path runDir, Adam optimizer, TrainerState state) {
        Path file = runDir.resolve("optimizer.safetensors");
        try (NDManager scratch = Engines.newManager()) {
            optimizer.restore(readTensors(file, scratch), state.steps(), file.toString());
        }
    }

    private static TrainerState readState(Path runDir) {
        Path file = runDir.resolve("trainer-state.json");
        try {
            return Configs.parseJson(Files.readString(file), TrainerState.class, file.toString());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static NDList readTensors(Path file, NDManager manager) {
        try (InputStream in = Files.newInputStream(file)) {
            return NDList.decode(manager, in);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(file + ": not a readable safetensors file: " + e.getMessage(), e);
        }
    }
}
