package dev.vaekit.spark;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.Manifest;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

/**
 * A verified checkpoint's files as bytes, broadcast once from the driver to every executor. On an executor,
 * {@link #acquire} hands a task a loaded model: the files are written to a private temporary folder once per JVM and
 * loaded (verified again) there, and models are pooled, so an executor loads as many copies as it runs tasks at once,
 * once each, not one per partition.
 */
final class ModelBundle implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Loaded models per bundle key, idle ones waiting for the next task; one folder per key. */
    private static final Map<String, BlockingQueue<Checkpoint.Loaded>> IDLE = new ConcurrentHashMap<>();

    private static final Map<String, Path> FOLDERS = new ConcurrentHashMap<>();

    private final String key;
    private final Map<String, byte[]> files;

    private ModelBundle(String key, Map<String, byte[]> files) {
        this.key = key;
        this.files = files;
    }

    /**
     * Reads a run folder on the driver, after verifying it (read-only: a trainer may still be committing beside it).
     *
     * @param runDir the run folder
     * @return its files
     * @throws InvalidInputException if the folder is not a valid checkpoint
     */
    static ModelBundle read(Path runDir) {
        Manifest manifest = Checkpoint.verify(runDir, false);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            for (String name : manifest.files().keySet()) {
                files.put(name, Files.readAllBytes(runDir.resolve(name)));
            }
            files.put(Checkpoint.MANIFEST, Files.readAllBytes(runDir.resolve(Checkpoint.MANIFEST)));
        } catch (IOException e) {
            throw new InvalidInputException(runDir + ": cannot read: " + e.getMessage());
        }
        String weights = manifest.files()
                .getOrDefault(Checkpoint.BEST_WEIGHTS, manifest.files().get("weights.safetensors"));
        return new ModelBundle(weights, files);
    }

    /** @return an idle loaded model of this bundle, loading a new copy if none is idle */
    Checkpoint.Loaded acquire() {
        Checkpoint.Loaded idle =
                IDLE.computeIfAbsent(key, k -> new LinkedBlockingQueue<>()).poll();
        if (idle != null) {
            return idle;
        }
        Path folder = FOLDERS.computeIfAbsent(key, k -> writeFolder());
        NDManager manager = Engines.newManager();
        return Checkpoint.load(folder, manager, Checkpoint.Weights.BEST, false);
    }

    /** Returns a model for the next task of this executor. */
    void release(Checkpoint.Loaded model) {
        IDLE.get(key).add(model);
    }

    private Path writeFolder() {
        try {
            Path folder = Files.createTempDirectory("vaekit-spark-model");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Files.write(folder.resolve(e.getKey()), e.getValue());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(folder)));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to a temporary folder: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
