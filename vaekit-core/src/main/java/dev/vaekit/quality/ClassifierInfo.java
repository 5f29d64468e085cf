package dev.vaekit.quality;

import java.util.List;

/**
 * What a trained feature classifier is and how well it classifies, as stored beside its weights in the cache.
 *
 * @param version {@link FeatureClassifier#VERSION} when it was trained
 * @param key the cache key, the first 16 hex digits of the SHA-256 of {@code description}
 * @param description the text the key is made from: version, architecture, the data's identity and the training
 *     settings; a cached classifier is used only when its description equals the one wanted
 * @param dataset the data set's name when it was trained, for people (the key does not depend on it)
 * @param fingerprint the identity of the data's content ({@link LabelledData#fingerprint})
 * @param architecture the network in words
 * @param inputShape (channels, height, width) of an example
 * @param classes the number of classes
 * @param featureDim the values per example of the features ({@link FeatureClassifier#FEATURES})
 * @param trainImages the images it trained on
 * @param testImages the test images its accuracy was measured on
 * @param testAccuracy the share of test images it labels correctly
 * @param epochs passes over the training images
 * @param batchSize images per step
 * @param learningRate Adam's α
 * @param seed the seed of its initial weights and of the order of the images
 * @param parameters its number of weights
 * @param trainingSeconds how long training took
 * @param vaekitVersion the vaekit that trained it
 */
public record ClassifierInfo(
        int version,
        String key,
        String description,
        String dataset,
        String fingerprint,
        String architecture,
        List<Integer> inputShape,
        int classes,
        int featureDim,
        int trainImages,
        int testImages,
        double testAccuracy,
        int epochs,
        int batchSize,
        double learningRate,
        long seed,
        long parameters,
        double trainingSeconds,
        String vaekitVersion) {}
