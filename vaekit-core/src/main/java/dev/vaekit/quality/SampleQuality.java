package dev.vaekit.quality;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.eval.FrechetDistance;
import dev.vaekit.eval.PrecisionRecall;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Sample quality of generated images against a labelled data set's test images: the Fréchet distance (Heusel et al.
 * 2017, §3) and k-NN precision and recall (Kynkäänniemi et al. 2019, §2) in the features of a small classifier that
 * vaekit trains on the data set's labels ({@link FeatureClassifier}, cached by {@link ClassifierCache}).
 *
 * <p><b>These are not Inception FIDs.</b> The features are those of vaekit's own classifier, not of Inception-v3, so
 * the numbers compare only with numbers from the same data set and the same classifier (its {@linkplain
 * ClassifierInfo#key key}), never with published FIDs.
 *
 * <p>n rows of samples are compared with the first n test images; {@link #reference} compares n real training images
 * that the classifier never saw with the same test images, which shows what real images score at that n (the Fréchet
 * distance of two finite samples is biased upwards, and precision and recall of two real samples are below 1).
 * Samples come from anywhere as float rows in the data's units (values v/255 for 8-bit images, channel by channel,
 * row-major): a model's prior draws ({@link ModelSamples}), or a sampler fitted to a model's codes.
 *
 * <pre>{@code
 * LabelledData data = LabelledData.of("mnist-mini", Datasets.load("mnist-mini", null));
 * try (SampleQuality quality =
 *         SampleQuality.prepare(data, ClassifierSettings.defaults(), ClassifierCache.inUserCache(), System.err::println)) {
 *     SampleQualityScores s = quality.score(samples, PrecisionRecall.DEFAULT_K); // float[][] samples
 *     SampleQualityScores floor = quality.reference(samples.length, PrecisionRecall.DEFAULT_K);
 * }
 * }</pre>
 */
public final class SampleQuality implements AutoCloseable {

    private final LabelledData data;
    private final NDManager manager;
    private final ClassifierCache.TrainedClassifier classifier;
    private float[] testFeatures = new float[0];
    private float[] heldOutFeatures = new float[0];

    private SampleQuality(LabelledData data, NDManager manager, ClassifierCache.TrainedClassifier classifier) {
        this.data = data;
        this.manager = manager;
        this.classifier = classifier;
    }

    /**
     * Obtains the feature classifier of a data set, from the cache or by training it (seconds to minutes, once).
     *
     * @param data the labelled data set
     * @param settings how the classifier is trained
     * @param cache where classifiers are kept
     * @param log receives what happens to the classifier
     * @return the measure, ready to score samples; close it to free the classifier
     */
    public static SampleQuality prepare(
            LabelledData data, ClassifierSettings settings, ClassifierCache cache, Consumer<String> log) {
        NDManager manager = Engines.newManager();
        try {
            return new SampleQuality(data, manager, cache.obtain(data, settings, manager, log));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return the data */
    public LabelledData data() {
        return data;
    }

    /** @return the classifier's description and test accuracy */
    public ClassifierInfo classifier() {
        return classifier.info();
    }

    /** @return the classifier's weights file in the cache, or null when it could not be written there */
    public Path classifierFile() {
        return classifier.weights();
    }

    /** @return whether the classifier was trained now rather than read from the cache */
    public boolean classifierTrained() {
        return classifier.trained();
    }

    /** @return the most samples that can be scored: the number of test images */
    public int maxSamples() {
        return data.test().size();
    }

    /** @return the held-out training images available to {@link #reference} */
    public int referenceSize() {
        return data.heldOut().size();
    }

    /**
     * @param n how many
     * @return the labels of the first n test images, the ones samples are compared with (for drawing the samples of a
     *     conditional model with the same classes)
     */
    public int[] testLabels(int n) {
        checkCount(n, 1);
        return Arrays.copyOf(data.testLabels(), n);
    }

    /**
     * Checks a number of samples and a k before anything is drawn.
     *
     * @param n the number of samples
     * @param k the neighbour of precision and recall
     * @throws InvalidInputException unless 1 ≤ k &lt; n ≤ the number of test images
     */
    public void checkSettings(int n, int k) {
        if (k < 1) {
            throw new InvalidInputException("k must be >= 1, got " + k);
        }
        checkCount(n, k + 1);
    }

    private void checkCount(int n, int least) {
        if (n < least || n > maxSamples()) {
            throw new InvalidInputException("the number of samples must be in [" + least + ", " + maxSamples() + "] ("
                    + data.name() + " has " + maxSamples() + " test images to compare them with), got " + n);
        }
    }

    /**
     * @param rows examples in the data's units, each {@code channels · height · width} values
     * @return their features, {@link FeatureClassifier#FEATURES} per row, row-major
     */
    public float[] features(float[] rows) {
        return classifier.classifier().features(rows);
    }

    /**
     * Scores samples against the first {@code samples.length} test images.
     *
     * @param samples the samples, each {@code channels · height · width} values in the data's units
     * @param k the neighbour of precision and recall ({@link PrecisionRecall#DEFAULT_K})
     * @return the scores
     * @throws InvalidInputException for rows of another length, non-finite values, or a count or k out of range
     */
    public SampleQualityScores score(float[][] samples, int k) {
        int dim = classifier.classifier().inputDim();
        float[] flat = new float[Math.multiplyExact(samples.length, dim)];
        for (int i = 0; i < samples.length; i++) {
            if (samples[i] == null || samples[i].length != dim) {
                throw new InvalidInputException("sample " + (i + 1) + " has "
                        + (samples[i] == null ? 0 : samples[i].length) + " values; " + data.name() + "'s examples "
                        + "have " + dim + " (shape " + data.shape() + ")");
            }
            System.arraycopy(samples[i], 0, flat, i * dim, dim);
        }
        return score(flat, k);
    }

    /**
     * Scores samples given as one row-major array against the same number of first test images.
     *
     * @param samples n examples, each {@code channels · height · width} values in the data's units
     * @param k the neighbour of precision and recall
     * @return the scores
     * @throws InvalidInputException for values that are not whole examples, non-finite values, or a count or k out of
     *     range
     */
    public SampleQualityScores score(float[] samples, int k) {
        long start = System.nanoTime();
        int dim = classifier.classifier().inputDim();
        if (samples.length % dim != 0) {
            throw new InvalidInputException(samples.length + " sample values are not whole examples of " + dim
                    + " values (" + data.name() + ", shape " + data.shape() + ")");
        }
        int n = samples.length / dim;
        checkSettings(n, k);
        for (int i = 0; i < samples.length; i++) {
            if (!Float.isFinite(samples[i])) {
                throw new InvalidInputException("sample " + (i / dim + 1) + " holds a non-finite value (" + samples[i]
                        + "); sample quality needs finite samples");
            }
        }
        float[] generated = features(samples);
        return measure(testFeatures(n), generated, n, k, start);
    }

    /**
     * The reference row: real training images that the classifier never saw against the first test images, as many
     * of each as {@code min(n, referenceSize())}; what real images score against the test images at that count.
     *
     * @param n the number of samples the reference stands beside
     * @param k the neighbour of precision and recall
     * @return the scores of real images
     * @throws InvalidInputException if fewer than k + 1 held-out images are available, or k or n is out of range
     */
    public SampleQualityScores reference(int n, int k) {
        long start = System.nanoTime();
        checkSettings(n, k);
        int m = Math.min(n, referenceSize());
        if (m <= k) {
            throw new InvalidInputException(data.name() + " holds " + referenceSize() + " training images out of the "
                    + "classifier's training; the reference needs more than k = " + k);
        }
        if (heldOutFeatures.length < m * FeatureClassifier.FEATURES) {
            heldOutFeatures = classifier.classifier().features(data.heldOut(), m);
        }
        float[] real = Arrays.copyOf(heldOutFeatures, m * FeatureClassifier.FEATURES);
        return measure(testFeatures(m), real, m, k, start);
    }

    /** @return the features of the first n test images, computed once for the largest n asked */
    private float[] testFeatures(int n) {
        if (testFeatures.length < n * FeatureClassifier.FEATURES) {
            testFeatures = classifier.classifier().features(data.test(), n);
        }
        return Arrays.copyOf(testFeatures, n * FeatureClassifier.FEATURES);
    }

    private static SampleQualityScores measure(float[] real, float[] generated, int n, int k, long start) {
        int d = FeatureClassifier.FEATURES;
        FrechetDistance frechet = FrechetDistance.of(real, generated, d);
        PrecisionRecall pr = PrecisionRecall.of(real, generated, d, k);
        return new SampleQualityScores(n, frechet, pr, (System.nanoTime() - start) / 1e9);
    }

    @Override
    public void close() {
        try {
            classifier.close();
        } finally {
            manager.close();
        }
    }
}
