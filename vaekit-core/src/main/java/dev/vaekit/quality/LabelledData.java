package dev.vaekit.quality;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.DatasetSplit;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A labelled data set as sample quality uses it. The training split is cut in two: its first images train the feature
 * classifier, its last {@link #heldOut} images (as many as the test set has, at most half the training split) are
 * kept from the classifier and give the reference row, real images against the test images; the test split gives the
 * images the samples are compared with and the classifier's test accuracy.
 *
 * @param name the data set's name, for messages, e.g. {@code mnist-mini}
 * @param classifierTrain the images the classifier trains on
 * @param classifierTrainLabels their labels
 * @param heldOut training images the classifier never sees
 * @param test the test images
 * @param testLabels their labels
 * @param classes the number of classes, one more than the largest label
 * @param fingerprint the identity of the data's content: SHA-256 of every value and label of both splits, or of a
 *     folder's recorded hash of its files, with the shapes and sizes
 */
public record LabelledData(
        String name,
        DataSource classifierTrain,
        int[] classifierTrainLabels,
        DataSource heldOut,
        DataSource test,
        int[] testLabels,
        int classes,
        String fingerprint) {

    /** The data sets this works on, for messages. */
    public static final String LABELLED_SETS =
            "MNIST, Fashion-MNIST, mnist-mini, a folder of images with class sub-folders, or other data with labels "
                    + "and a test split";

    /**
     * Checks that a data set has labels and a test split, and cuts its training split.
     *
     * @param name the data set's name, for messages
     * @param split its training and test splits
     * @return the data as sample quality uses it
     * @throws InvalidInputException if it has no test split, no labels, negative labels or one class only
     */
    public static LabelledData of(String name, DatasetSplit split) {
        if (!split.hasTest() || split.test().size() == 0) {
            throw new InvalidInputException(name + " has no test split; sample quality compares samples with a data "
                    + "set's test images (" + LABELLED_SETS + ")");
        }
        DataSource train = split.train();
        DataSource test = split.test();
        int[] trainLabels = train.labels();
        int[] testLabels = test.labels();
        if (trainLabels == null || testLabels == null) {
            throw new InvalidInputException(name + " has no labels; sample quality measures samples in the features "
                    + "of a classifier trained on a data set's labels (" + LABELLED_SETS + ")");
        }
        if (train.dim() != test.dim()) {
            throw new InvalidInputException(
                    name + ": training examples of " + train.dim() + " values, test examples " + "of " + test.dim());
        }
        int classes = 0;
        for (int[] labels : List.of(trainLabels, testLabels)) {
            for (int label : labels) {
                if (label < 0) {
                    throw new InvalidInputException(
                            name + " has a negative label " + label + "; the feature classifier takes labels 0..C-1");
                }
                classes = Math.max(classes, label + 1);
            }
        }
        if (classes < 2) {
            throw new InvalidInputException(
                    name + " has one class only; the feature classifier needs at least 2 to learn features");
        }
        int held = Math.min(test.size(), train.size() / 2);
        int kept = train.size() - held;
        if (kept < 1 || held < 1) {
            throw new InvalidInputException(name + " has " + train.size() + " training images; sample quality needs "
                    + "at least 2 (one to train the classifier, one held out for the reference row)");
        }
        int[] keptLabels = java.util.Arrays.copyOfRange(trainLabels, 0, kept);
        return new LabelledData(
                name,
                train.slice(0, kept),
                keptLabels,
                train.slice(kept, train.size()),
                test,
                testLabels,
                classes,
                fingerprint(split, trainLabels, testLabels));
    }

    /** @return (channels, height, width) of an example */
    public List<Integer> shape() {
        return List.of(test.channels(), test.height(), test.width());
    }

    /** @return the identity of the content of both splits */
    private static String fingerprint(DatasetSplit split, int[] trainLabels, int[] testLabels) {
        MessageDigest digest = sha256();
        for (DataSource part : List.of(split.train(), split.test())) {
            update(digest, part.size() + " " + part.channels() + "x" + part.height() + "x" + part.width() + ";");
        }
        if (split.sourceHash() != null) {
            // a folder of images: its recorded hash covers every file's path, class and bytes
            update(digest, "folder " + split.sourceHash());
        } else {
            values(digest, split.train());
            values(digest, split.test());
        }
        labels(digest, trainLabels);
        labels(digest, testLabels);
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static void values(MessageDigest digest, DataSource data) {
        int dim = data.dim();
        int batch = Math.max(1, (1 << 18) / dim);
        float[] buffer = new float[batch * dim];
        ByteBuffer bytes = ByteBuffer.allocate(buffer.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < data.size(); from += batch) {
            int to = Math.min(data.size(), from + batch);
            data.read(from, to, buffer);
            bytes.clear();
            bytes.asFloatBuffer().put(buffer, 0, (to - from) * dim);
            digest.update(bytes.array(), 0, (to - from) * dim * Float.BYTES);
        }
    }

    private static void labels(MessageDigest digest, int[] labels) {
        ByteBuffer bytes = ByteBuffer.allocate(labels.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(labels);
        digest.update(bytes.array());
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
