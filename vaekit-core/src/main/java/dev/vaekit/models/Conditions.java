package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.engine.Tensors;

/**
 * The labels a conditional VAE (Sohn, Lee &amp; Yan 2015, "Learning Structured Output Representation using Deep
 * Conditional Generative Models", §4) is given: label c of C classes becomes the one-hot vector e_c, which is joined to
 * the encoder's input, q(z | x, c), and to the decoder's input, p(x | z, c). The prior stays N(0, I), so a class is
 * drawn by decoding z ~ N(0, I) together with its one-hot vector.
 */
public final class Conditions {
    /** What {@code model.conditionClasses} means, for help texts. */
    public static final String HELP = "Condition encoder and decoder on the data's labels 0..C-1, one-hot (a "
            + "conditional VAE, Sohn et al. 2015); 0 is unconditional.";

    /** The most label classes a model may be conditioned on. */
    public static final int MAX_CLASSES = 1 << 24;

    private Conditions() {}

    /**
     * Checks a number of condition classes: 0 (unconditional) or 2 to {@link #MAX_CLASSES}.
     *
     * @param classes {@code model.conditionClasses}
     * @throws InvalidInputException otherwise
     */
    public static void checkClasses(int classes) {
        if (classes < 0 || classes == 1) {
            throw new InvalidInputException(
                    "model.conditionClasses must be 0 (unconditional) or >= 2 label classes, got " + classes);
        }
        if (classes > MAX_CLASSES) {
            // the one-hot label is appended to the features: their sum must remain a Java int
            throw new InvalidInputException("model.conditionClasses must be <= " + MAX_CLASSES + ", got " + classes);
        }
    }

    /**
     * Checks that a dataset can condition a model: it has labels, all in [0, C).
     *
     * @param config the model's config (C = {@code conditionClasses}); nothing is checked for unconditional models
     * @param data the data
     * @throws InvalidInputException naming the data and the first bad row
     */
    public static void check(ModelConfig config, DataSource data) {
        if (!config.conditional()) {
            return;
        }
        int classes = config.conditionClasses();
        if (!data.hasLabels()) {
            throw new InvalidInputException(
                    data.name() + ": the model is conditional on labels (model.conditionClasses " + classes
                            + ") but the data has none");
        }
        int[] labels = data.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new InvalidInputException(data.name() + ": row " + (i + 1) + " has label " + labels[i]
                        + ", outside the model's classes 0.." + (classes - 1) + " (model.conditionClasses " + classes
                        + ")");
            }
        }
    }

    /**
     * @param manager owner of the result
     * @param labels class of each row, each in [0, classes)
     * @param classes C
     * @return the one-hot rows, shape (labels.length, C)
     */
    public static NDArray oneHot(NDManager manager, int[] labels, int classes) {
        float[] values = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new InvalidInputException("label " + labels[i] + " is outside the classes 0.." + (classes - 1));
            }
            values[i * classes + labels[i]] = 1f;
        }
        return Tensors.create(manager, values, new Shape(labels.length, classes));
    }

    /**
     * The condition of data rows [from, to) for a model: their one-hot labels, or null for an unconditional model.
     *
     * @param config the model's config
     * @param data rows with labels if the model is conditional ({@link #check} them first)
     * @param from first row
     * @param to last row, exclusive
     * @param manager owner of the result
     * @return (to − from, C) or null
     */
    public static NDArray ofRows(ModelConfig config, DataSource data, int from, int to, NDManager manager) {
        if (!config.conditional()) {
            return null;
        }
        check(config, data);
        return oneHot(manager, java.util.Arrays.copyOfRange(data.labels(), from, to), config.conditionClasses());
    }

    /**
     * Joins an input to its condition on the last axis, repeating the condition over any leading axes the input has
     * beyond the condition's.
     *
     * @param input (..., n, w)
     * @param condition (n, C), or null
     * @return (..., n, w + C), or the input itself when the condition is null
     */
    static NDArray join(NDArray input, NDArray condition) {
        if (condition == null) {
            return input;
        }
        Shape shape = input.getShape();
        NDArray c = condition;
        if (shape.dimension() > condition.getShape().dimension()) {
            long[] target = shape.getShape().clone();
            target[target.length - 1] = condition.getShape().get(1);
            c = condition.broadcast(new Shape(target));
        }
        return NDArrays.concat(new NDList(input, c), -1);
    }
}
