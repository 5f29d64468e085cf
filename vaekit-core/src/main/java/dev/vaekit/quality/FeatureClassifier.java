package dev.vaekit.quality;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.Splits;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Conditions;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.nn.ConvEncoder;
import dev.vaekit.nn.Linear;
import dev.vaekit.nn.Mlp;
import dev.vaekit.nn.Network;
import dev.vaekit.nn.Parameters;
import dev.vaekit.train.Adam;
import dev.vaekit.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A small classifier of a data set's labels whose penultimate layer gives the features that sample quality is measured
 * in ({@link SampleQuality}), in place of the Inception-v3 network of the published FIDs, which knows nothing of
 * 28 × 28 digits and which vaekit does not ship.
 *
 * <p>For images (height and width divisible by 2 at least once, leaving a map of at least 4 × 4) it is a convolutional
 * network: stages of 4 × 4 convolutions of stride 2 with 16, 32 and 64 channels (as many as the image allows, at most
 * three), each followed by a ReLU, then a dense layer of {@value #FEATURES} units and a ReLU, whose values are the
 * features, then a dense layer to the classes' logits. For other data (tables, 2-D points) the convolutions are
 * replaced by a dense layer of {@value #HIDDEN} units and a ReLU. The networks are vaekit's own ({@link ConvEncoder},
 * {@link Mlp}) and train with its {@link Adam}.
 */
public final class FeatureClassifier implements AutoCloseable {

    /** Width of the penultimate layer, the features. */
    public static final int FEATURES = 128;

    /** The version of the architecture and training procedure; part of the cache key, raised when either changes. */
    public static final int VERSION = 1;

    /** Width of the dense body's hidden layer, for data that are not images. */
    static final int HIDDEN = 256;

    /** Channels of the first convolutional stage; each further stage doubles them. */
    private static final int FIRST_CHANNELS = 16;

    private static final int MAX_STAGES = 3;

    /** Rows per forward pass when computing features or accuracy. */
    private static final int EVAL_BATCH = 256;

    private final List<Integer> inputShape;
    private final int classes;
    private final Parameters parameters;
    private final Network body;
    private final Linear head;

    private FeatureClassifier(List<Integer> inputShape, int classes, NDManager manager) {
        this.inputShape = List.copyOf(inputShape);
        this.classes = classes;
        this.parameters = new Parameters(manager);
        try {
            List<Integer> stages = stageChannels(inputShape);
            int dim = inputShape.get(0) * inputShape.get(1) * inputShape.get(2);
            this.body = stages.isEmpty()
                    ? new Mlp(parameters, "body", dim, List.of(HIDDEN), FEATURES, ActivationKind.RELU)
                    : new ConvEncoder(parameters, "body", inputShape, 0, stages, 0, FEATURES, ActivationKind.RELU);
            this.head = new Linear(parameters, "head", FEATURES, classes);
        } catch (RuntimeException e) {
            parameters.close();
            throw e;
        }
    }

    /**
     * A classifier with fresh weights, drawn from the engine's generator (seed it first with {@link Engines#seed}).
     *
     * @param inputShape (channels, height, width) of one example; (1, 1, d) for rows of a table
     * @param classes the number of labels, at least 2
     * @param manager parent of the weights' manager
     * @return the untrained classifier
     */
    public static FeatureClassifier create(List<Integer> inputShape, int classes, NDManager manager) {
        checkShape(inputShape, classes);
        return new FeatureClassifier(inputShape, classes, manager);
    }

    private static void checkShape(List<Integer> inputShape, int classes) {
        if (inputShape.size() != 3 || inputShape.stream().anyMatch(s -> s == null || s < 1)) {
            throw new IllegalArgumentException("input shape must be three positive sizes, got " + inputShape);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
    }

    /**
     * @param inputShape (channels, height, width)
     * @return the channels of each convolutional stage, or an empty list for the dense body: as many stride-2 stages
     *     (at most three) as halve height and width exactly and leave a map of at least 4 × 4
     */
    static List<Integer> stageChannels(List<Integer> inputShape) {
        int h = inputShape.get(1);
        int w = inputShape.get(2);
        List<Integer> channels = new ArrayList<>();
        int factor = 2;
        while (channels.size() < MAX_STAGES && h % factor == 0 && w % factor == 0 && Math.min(h, w) / factor >= 4) {
            channels.add(FIRST_CHANNELS << channels.size());
            factor *= 2;
        }
        return channels;
    }

    /**
     * @param inputShape (channels, height, width)
     * @param classes the number of labels
     * @return the architecture in words, e.g. {@code conv 16-32 (4x4, stride 2, ReLU) -> dense 128 (ReLU) -> 10}
     */
    public static String architecture(List<Integer> inputShape, int classes) {
        checkShape(inputShape, classes);
        List<Integer> stages = stageChannels(inputShape);
        String body = stages.isEmpty()
                ? "dense " + HIDDEN + " (ReLU)"
                : "conv "
                        + String.join("-", stages.stream().map(String::valueOf).toList()) + " (4x4, stride 2, ReLU)";
        return body + " -> dense " + FEATURES + " (ReLU, the features) -> " + classes + " logits";
    }

    /** @return (channels, height, width) of the examples it reads */
    public List<Integer> inputShape() {
        return inputShape;
    }

    /** @return the number of classes */
    public int classes() {
        return classes;
    }

    /** @return the values of one example */
    public int inputDim() {
        return inputShape.get(0) * inputShape.get(1) * inputShape.get(2);
    }

    /** @return the architecture in words ({@link #architecture(List, int)}) */
    public String architecture() {
        return architecture(inputShape, classes);
    }

    /** @return the number of trained weights */
    public long parameterCount() {
        return parameters.count();
    }

    /** The penultimate layer: ReLU(dense(body(x))), shape (n, {@value #FEATURES}). */
    private NDArray featuresOf(NDArray x) {
        return ActivationKind.RELU.apply(body.forward(x));
    }

    /**
     * What one training run did.
     *
     * @param epochs passes over the images
     * @param steps updates applied
     * @param skippedSteps steps skipped for a non-finite loss or gradient
     * @param lastEpochLoss the mean cross-entropy of the last epoch, in nats
     * @param seconds wall time
     */
    public record TrainingSummary(int epochs, long steps, int skippedSteps, double lastEpochLoss, double seconds) {}

    /**
     * Trains the classifier on labelled examples: shuffled mini-batches (the order of epoch e from a permutation
     * seeded with {@code seed + e}), softmax cross-entropy −log softmax(logits)_y averaged over the batch, one Adam
     * step per batch (β₁ = 0.9, β₂ = 0.999).
     *
     * @param data the examples
     * @param labels their labels, each in [0, classes)
     * @param epochs passes over the data
     * @param batchSize examples per step
     * @param learningRate Adam's α
     * @param seed seed of the order of the examples
     * @param log receives one line per epoch
     * @return what it did
     */
    public TrainingSummary train(
            DataSource data,
            int[] labels,
            int epochs,
            int batchSize,
            double learningRate,
            long seed,
            Consumer<String> log) {
        checkData(data, labels);
        int n = data.size();
        int dim = inputDim();
        Engine engine = Engines.engine();
        long start = System.nanoTime();
        long steps = 0;
        int skipped = 0;
        double epochLoss = Double.NaN;
        try (Adam adam = new Adam(parameters, 0.9, 0.999);
                NDManager batches = parameters.manager().newSubManager()) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                long epochStart = System.nanoTime();
                int[] order = Splits.permutation(n, seed + epoch);
                double lossSum = 0;
                int counted = 0;
                for (int from = 0; from < n; from += batchSize) {
                    int to = Math.min(n, from + batchSize);
                    int b = to - from;
                    int[] rows = Arrays.copyOfRange(order, from, to);
                    float[] x = new float[b * dim];
                    data.read(rows, x);
                    int[] y = new int[b];
                    for (int i = 0; i < b; i++) {
                        y[i] = labels[rows[i]];
                    }
                    double loss;
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        NDArray input = Tensors.create(batches, x, new Shape(b, dim));
                        NDArray target = Conditions.oneHot(batches, y, classes);
                        try (GradientCollector collector = engine.newGradientCollector()) {
                            NDArray logits = head.forward(featuresOf(input));
                            NDArray mean = Tensors.divide(
                                    logits.logSoftmax(1).mul(target).sum().neg(), b); // −(1/b) Σ log p(y|x)
                            collector.backward(mean);
                            loss = Tensors.scalar(mean);
                        }
                    }
                    if (!Double.isFinite(loss) || !adam.gradientsFinite()) {
                        parameters.zeroGradients();
                        skipped++;
                        continue;
                    }
                    if (!adam.update(learningRate, 1)) {
                        throw new IllegalStateException("the feature classifier's weights became non-finite in "
                                + "epoch " + (epoch + 1) + "; lower its learning rate");
                    }
                    steps++;
                    lossSum += loss * b;
                    counted += b;
                }
                epochLoss = counted == 0 ? Double.NaN : lossSum / counted;
                log.accept(String.format(
                        Locale.ROOT,
                        "classifier epoch %d/%d: cross-entropy %.4f nats, %.1f s",
                        epoch + 1,
                        epochs,
                        epochLoss,
                        (System.nanoTime() - epochStart) / 1e9));
            }
        }
        return new TrainingSummary(epochs, steps, skipped, epochLoss, (System.nanoTime() - start) / 1e9);
    }

    /**
     * @param data examples
     * @param labels their labels
     * @return the share of examples whose largest logit is their label's
     */
    public double accuracy(DataSource data, int[] labels) {
        checkData(data, labels);
        int n = data.size();
        int dim = inputDim();
        int correct = 0;
        Engines.disableGradOnThisThread();
        try (NDManager manager = parameters.manager().newSubManager()) {
            for (int from = 0; from < n; from += EVAL_BATCH) {
                int to = Math.min(n, from + EVAL_BATCH);
                float[] x = new float[(to - from) * dim];
                data.read(from, to, x);
                long[] predicted;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray input = Tensors.create(manager, x, new Shape(to - from, dim));
                    predicted = head.forward(featuresOf(input)).argMax(1).toLongArray();
                }
                for (int i = 0; i < predicted.length; i++) {
                    if (predicted[i] == labels[from + i]) {
                        correct++;
                    }
                }
            }
        }
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    /**
     * @param data examples
     * @param n how many, from the first
     * @return their features, n × {@value #FEATURES} values, row-major
     */
    public float[] features(DataSource data, int n) {
        if (data.dim() != inputDim()) {
            throw new InvalidInputException(data.name() + " has examples of " + data.dim() + " values; the feature "
                    + "classifier reads " + inputDim() + " (shape " + inputShape + ")");
        }
        if (n < 0 || n > data.size()) {
            throw new IllegalArgumentException("n must be in [0, " + data.size() + "], got " + n);
        }
        float[] out = new float[n * FEATURES];
        float[] x = new float[Math.min(n, EVAL_BATCH) * inputDim()];
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int to = Math.min(n, from + EVAL_BATCH);
            float[] batch = (to - from) * inputDim() == x.length ? x : new float[(to - from) * inputDim()];
            data.read(from, to, batch);
            System.arraycopy(featuresOfRows(batch, to - from), 0, out, from * FEATURES, (to - from) * FEATURES);
        }
        return out;
    }

    /**
     * @param rows n examples, each {@link #inputDim} values, row-major
     * @return their features, n × {@value #FEATURES} values, row-major
     */
    public float[] features(float[] rows) {
        int dim = inputDim();
        if (rows.length % dim != 0) {
            throw new InvalidInputException(
                    rows.length + " values are not whole examples of " + dim + " values (shape " + inputShape + ")");
        }
        int n = rows.length / dim;
        float[] out = new float[n * FEATURES];
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int to = Math.min(n, from + EVAL_BATCH);
            float[] batch = Arrays.copyOfRange(rows, from * dim, to * dim);
            System.arraycopy(featuresOfRows(batch, to - from), 0, out, from * FEATURES, (to - from) * FEATURES);
        }
        return out;
    }

    private float[] featuresOfRows(float[] batch, int rows) {
        Engines.disableGradOnThisThread();
        try (NDManager manager = parameters.manager().newSubManager()) {
            NDArray input = Tensors.create(manager, batch, new Shape(rows, inputDim()));
            return featuresOf(input).toFloatArray();
        }
    }

    private void checkData(DataSource data, int[] labels) {
        if (data.dim() != inputDim()) {
            throw new InvalidInputException(data.name() + " has examples of " + data.dim() + " values; the feature "
                    + "classifier reads " + inputDim() + " (shape " + inputShape + ")");
        }
        if (labels == null || labels.length != data.size()) {
            throw new IllegalArgumentException("one label per example: " + data.size() + " examples, "
                    + (labels == null ? 0 : labels.length) + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new InvalidInputException(data.name() + ": example " + (i + 1) + " has label " + labels[i]
                        + ", outside the classifier's classes 0.." + (classes - 1));
            }
        }
    }

    /**
     * Writes the weights as safetensors, atomically.
     *
     * @param file the target
     */
    public void save(Path file) {
        try (NDList weights = parameters.snapshot()) {
            AtomicFiles.write(file, out -> weights.encode(out, NDList.Encoding.SAFETENSORS));
        }
    }

    /**
     * Reads weights written by {@link #save} into this classifier.
     *
     * @param file the weights
     * @throws InvalidInputException if the file is not safetensors of this architecture's tensors
     * @throws UncheckedIOException if it cannot be read
     */
    public void load(Path file) {
        try (InputStream in = Files.newInputStream(file);
                NDManager manager = parameters.manager().newSubManager()) {
            NDList tensors;
            try {
                tensors = NDList.decode(manager, in);
            } catch (RuntimeException e) {
                throw new InvalidInputException(file + ": not a readable safetensors file: " + e.getMessage(), e);
            }
            parameters.load(tensors, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        parameters.close();
    }
}
