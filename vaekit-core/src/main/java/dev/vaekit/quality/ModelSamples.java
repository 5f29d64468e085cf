package dev.vaekit.quality;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Conditions;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import java.util.Arrays;

/**
 * Draws a model's samples for sample quality, through the model contract: {@link Model#sample}, which for a model
 * with a prior or base density ({@link dev.vaekit.models.Capabilities#prior}) gives draws of the model, in the data's
 * units (for a Bernoulli or Gaussian decoder, the means E[x|z] that {@code vaekit sample} draws).
 */
public final class ModelSamples {

    /** Samples drawn per call of {@link Model#sample}. */
    static final int BATCH = 500;

    private ModelSamples() {}

    /**
     * @param model the model
     * @throws InvalidInputException if it has no prior, so that its draws are not samples of a model
     */
    public static void requirePrior(Model model) {
        if (!model.capabilities().prior()) {
            ModelConfig config = model.config();
            throw new InvalidInputException("sample quality scores samples of a model, and this "
                    + config.type() + " is a " + config.modelType().family().noun() + " without a prior: its decodes "
                    + "of N(0, I) codes are not samples of a model (see 'vaekit compare ae-vs-vae')");
        }
    }

    /**
     * Draws n samples, {@value #BATCH} at a time, after seeding the engine's generator with {@code seed}.
     *
     * @param model a model with a prior
     * @param n how many
     * @param temperature T &gt; 0, the prior's scale ({@link Model#sample})
     * @param seed the seed of the draws
     * @param labels for a conditional model, the class of each sample (n labels); null for an unconditional one
     * @return n × d values, row-major, in the data's units
     * @throws InvalidInputException if the model has no prior, a conditional model gets no labels or labels outside
     *     its classes, or the prior cannot take the temperature
     */
    public static float[] draw(Model model, int n, double temperature, long seed, int[] labels) {
        requirePrior(model);
        ModelConfig config = model.config();
        int classes = config.conditionClasses();
        if (classes > 0) {
            if (labels == null || labels.length != n) {
                throw new InvalidInputException("the " + config.type() + " is conditional on " + classes
                        + " classes: each of its " + n + " samples needs a label");
            }
            for (int label : labels) {
                if (label < 0 || label >= classes) {
                    throw new InvalidInputException(
                            "label " + label + " is outside the model's classes 0.." + (classes - 1));
                }
            }
        }
        int dim = config.inputDim();
        float[] out = new float[Math.multiplyExact(n, dim)];
        Engines.disableGradOnThisThread();
        Engines.seed(seed);
        try (NDManager manager = Engines.newManager()) {
            for (int from = 0; from < n; from += BATCH) {
                int to = Math.min(n, from + BATCH);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray condition = classes == 0
                            ? null
                            : Conditions.oneHot(manager, Arrays.copyOfRange(labels, from, to), classes);
                    float[] rows = model.sample(manager, to - from, temperature, condition)
                            .toFloatArray();
                    if (rows.length != (to - from) * dim) {
                        throw new IllegalStateException("the " + config.type() + " drew " + rows.length + " values for "
                                + (to - from) + " samples of " + dim);
                    }
                    System.arraycopy(rows, 0, out, from * dim, rows.length);
                }
            }
        }
        return out;
    }
}
