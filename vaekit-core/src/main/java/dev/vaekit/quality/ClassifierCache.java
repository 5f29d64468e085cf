package dev.vaekit.quality;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.util.AtomicFiles;
import dev.vaekit.util.UserCache;
import dev.vaekit.util.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trained feature classifiers kept in a folder, by key, so that each is trained once per data set and settings: {@code
 * classifier-<key>.safetensors} (the weights) and {@code classifier-<key>.json} ({@link ClassifierInfo}, with the
 * test accuracy). The key is made from the classifier's version and architecture, the identity of the data's content
 * ({@link LabelledData#fingerprint}), the split of the training images and the training settings with their seed, so
 * that a change of any of them trains a new classifier. Both files are written atomically, the weights first: the
 * JSON file marks a complete entry. A cached entry that cannot be read, or that was written for another description,
 * is trained again and replaced.
 */
public final class ClassifierCache {

    /** The cache's folder under vaekit's cache folder. */
    public static final String FOLDER_NAME = "sample-quality";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path folder;

    /** @param folder where the classifiers are kept; created when the first is written */
    public ClassifierCache(Path folder) {
        this.folder = folder;
    }

    /** @return the cache in vaekit's per-user cache folder, {@code ${XDG_CACHE_HOME:-~/.cache}/vaekit/sample-quality} */
    public static ClassifierCache inUserCache() {
        return new ClassifierCache(UserCache.root(System.getenv()).resolve(FOLDER_NAME));
    }

    /** @return the folder */
    public Path folder() {
        return folder;
    }

    /**
     * @param data the labelled data
     * @param settings the training settings
     * @return the text the cache key is made from
     */
    public static String description(LabelledData data, ClassifierSettings settings) {
        int trainImages = data.classifierTrain().size();
        return String.join(
                "\n",
                "vaekit sample-quality feature classifier, version " + FeatureClassifier.VERSION,
                "architecture: " + FeatureClassifier.architecture(data.shape(), data.classes()),
                "input: " + data.shape(),
                "data: " + data.fingerprint(),
                "training images: the first " + trainImages + " of the training split, "
                        + data.heldOut().size() + " held out",
                String.format(
                        Locale.ROOT,
                        "training: %d epochs, batches of %d, Adam with learning rate %s, seed %d",
                        settings.epochsFor(trainImages),
                        settings.batchSize(),
                        settings.learningRate(),
                        settings.seed()));
    }

    /**
     * @param description a {@link #description}
     * @return its key: the first 16 hex digits of its SHA-256
     */
    public static String key(String description) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(description.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the weights file of a key */
    public Path weightsFile(String key) {
        return folder.resolve("classifier-" + key + ".safetensors");
    }

    /** @return the description file of a key */
    public Path infoFile(String key) {
        return folder.resolve("classifier-" + key + ".json");
    }

    /**
     * A feature classifier for the data and settings: the cached one when there is one, else a new one, trained,
     * measured on the test images and written to the cache.
     *
     * @param data the labelled data
     * @param settings how to train it
     * @param manager parent of its weights' manager
     * @param log receives what happens: loaded, or the training's lines, or why the cache could not be used
     * @return the classifier; the caller closes it
     */
    public TrainedClassifier obtain(
            LabelledData data, ClassifierSettings settings, NDManager manager, Consumer<String> log) {
        String description = description(data, settings);
        String key = key(description);
        Path weights = weightsFile(key);
        Path info = infoFile(key);
        if (Files.isRegularFile(info) && Files.isRegularFile(weights)) {
            try {
                return load(data, description, weights, info, manager, log);
            } catch (RuntimeException | IOException e) {
                log.accept("the cached classifier " + weights + " cannot be used (" + e.getMessage()
                        + "); training it again");
            }
        }
        return train(data, settings, description, key, manager, log);
    }

    private TrainedClassifier load(
            LabelledData data, String description, Path weights, Path info, NDManager manager, Consumer<String> log)
            throws IOException {
        ClassifierInfo stored = JSON.readValue(Files.readString(info), ClassifierInfo.class);
        if (!description.equals(stored.description())) {
            throw new InvalidInputException(info + " describes another classifier");
        }
        FeatureClassifier classifier = FeatureClassifier.create(data.shape(), data.classes(), manager);
        try {
            classifier.load(weights);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
        log.accept("feature classifier " + stored.key() + " read from " + weights);
        return new TrainedClassifier(classifier, stored, weights, false);
    }

    private TrainedClassifier train(
            LabelledData data,
            ClassifierSettings settings,
            String description,
            String key,
            NDManager manager,
            Consumer<String> log) {
        int trainImages = data.classifierTrain().size();
        int epochs = settings.epochsFor(trainImages);
        String architecture = FeatureClassifier.architecture(data.shape(), data.classes());
        log.accept(String.format(
                Locale.ROOT,
                "training the feature classifier (%s) on %d images of %s for %d epoch%s; it is kept in %s",
                architecture,
                trainImages,
                data.name(),
                epochs,
                epochs == 1 ? "" : "s",
                folder));
        Engines.seed(settings.seed());
        FeatureClassifier classifier = FeatureClassifier.create(data.shape(), data.classes(), manager);
        try {
            FeatureClassifier.TrainingSummary summary = classifier.train(
                    data.classifierTrain(),
                    data.classifierTrainLabels(),
                    epochs,
                    settings.batchSize(),
                    settings.learningRate(),
                    settings.seed(),
                    log);
            double accuracy = classifier.accuracy(data.test(), data.testLabels());
            ClassifierInfo made = new ClassifierInfo(
                    FeatureClassifier.VERSION,
                    key,
                    description,
                    data.name(),
                    data.fingerprint(),
                    architecture,
                    data.shape(),
                    data.classes(),
                    FeatureClassifier.FEATURES,
                    trainImages,
                    data.test().size(),
                    accuracy,
                    epochs,
                    settings.batchSize(),
                    settings.learningRate(),
                    settings.seed(),
                    classifier.parameterCount(),
                    summary.seconds(),
                    Versions.vaekit());
            return new TrainedClassifier(classifier, made, store(classifier, made, log), true);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /** Writes weights, then description; returns the weights file, or null when the cache cannot be written. */
    private Path store(FeatureClassifier classifier, ClassifierInfo info, Consumer<String> log) {
        Path weights = weightsFile(info.key());
        try {
            Files.createDirectories(folder);
            classifier.save(weights);
            AtomicFiles.writeString(infoFile(info.key()), JSON.writeValueAsString(info) + "\n");
            return weights;
        } catch (IOException | UncheckedIOException e) {
            log.accept("cannot keep the classifier in " + folder + " (" + e.getMessage()
                    + "); it will be trained again next time");
            return null;
        }
    }

    /**
     * A feature classifier with its description.
     *
     * @param classifier the network
     * @param info what it is and its test accuracy
     * @param weights its weights file in the cache, or null when it could not be written there
     * @param trained whether it was trained now rather than read from the cache
     */
    public record TrainedClassifier(FeatureClassifier classifier, ClassifierInfo info, Path weights, boolean trained)
            implements AutoCloseable {
        @Override
        public void close() {
            classifier.close();
        }
    }
}
