package dev.vaekit.latent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Autoencoder;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A latent traversal (Higgins et al. 2017, figure 7; Burgess et al. 2018, figure 2): each code dimension swept on its
 * own around a few examples' codes, the other dimensions held, and the sweeps decoded. Row r shows dimension {@code
 * dimensions[r]}; its columns are, example after example, the decodes of the example's code with that dimension moved
 * to code_j + t · s_j for t evenly spaced in [−span, span], where s_j is the standard deviation of dimension j's codes
 * over the given rows (so ±3 covers the range the data's codes take).
 *
 * <p>Rows are ordered by KL, most informative first: the mean over the rows of KL(q(z_j|x) ‖ N(0, 1)) where the model
 * has it in closed form ({@link Autoencoder#klPerDimension}); a model without it (a deterministic autoencoder, a VAE
 * with a posterior flow) is ordered by s_j instead, and {@link #orderedBy} says which.
 *
 * @param dimensions the code dimension of each row, in display order
 * @param kl each row's mean KL in nats, or null when ordered by spread
 * @param spread each row's s_j
 * @param orderedBy {@code kl} or {@code spread}
 * @param examples the examples swept (the first rows given)
 * @param steps decodes per example and row
 * @param span t runs over [−span, span]
 * @param images the decodes, row-major: rows × (examples · steps) images of the model's input width
 */
public record LatentTraversal(
        int[] dimensions,
        double[] kl,
        double[] spread,
        String orderedBy,
        int examples,
        int steps,
        double span,
        float[] images) {
    /** Most examples a traversal sweeps. */
    public static final int MAX_EXAMPLES = 16;
    /** Most decodes per example and row. */
    public static final int MAX_STEPS = 31;

    /** @return the number of columns: examples · steps */
    public int columns() {
        return examples * steps;
    }

    /**
     * @param k a step in [0, steps)
     * @return its t in [−span, span]
     */
    public double offset(int k) {
        return steps == 1 ? 0 : -span + 2 * span * k / (steps - 1);
    }

    /**
     * Sweeps every dimension of a model's codes.
     *
     * @param model the model
     * @param rows data rows as the model sees them (binarised if it trained on binary data), at least two: the first
     *     {@code examples} are swept, all of them give s_j and the KL
     * @param examples how many examples to sweep, 1 to {@value #MAX_EXAMPLES}
     * @param steps decodes per example and row, 2 to {@value #MAX_STEPS}
     * @param span how many standard deviations to either side, &gt; 0
     * @return the traversal
     * @throws InvalidInputException for settings out of range, too few rows or a conditional model
     */
    public static LatentTraversal of(Autoencoder model, Dataset rows, int examples, int steps, double span) {
        if (examples < 1 || examples > MAX_EXAMPLES) {
            throw new InvalidInputException("--examples must be in [1, " + MAX_EXAMPLES + "], got " + examples);
        }
        if (steps < 2 || steps > MAX_STEPS) {
            throw new InvalidInputException("--steps must be in [2, " + MAX_STEPS + "], got " + steps);
        }
        if (!(span > 0) || span > 100) {
            throw new InvalidInputException("--span must be in (0, 100] standard deviations, got " + span);
        }
        if (rows.size() < Math.max(2, examples)) {
            throw new InvalidInputException(rows.name() + " has " + rows.size() + " rows; a traversal of " + examples
                    + " examples needs at least " + Math.max(2, examples));
        }
        if (model.config().conditional()) {
            throw new InvalidInputException(
                    "a class-conditional " + model.config().type() + " needs a label for every "
                            + "decode; traversals do not choose classes yet");
        }
        int latent = model.config().latentDim();
        LatentCodes codes = LatentSpace.encode(model, rows, false, 0);
        double[] spread = CodeStatistics.of(codes).std();
        Optional<double[]> kl = meanKl(model, rows);
        double[] key = kl.orElse(spread);
        int[] order = IntStream.range(0, latent)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -key[j]).thenComparingInt(j -> j))
                .mapToInt(Integer::intValue)
                .toArray();
        float[] swept = new float[latent * examples * steps * latent];
        int at = 0;
        for (int j : order) {
            for (int e = 0; e < examples; e++) {
                float[] code = codes.row(e);
                for (int k = 0; k < steps; k++) {
                    float[] z = code.clone();
                    double t = steps == 1 ? 0 : -span + 2 * span * k / (steps - 1);
                    z[j] = (float) (code[j] + t * spread[j]);
                    System.arraycopy(z, 0, swept, at, latent);
                    at += latent;
                }
            }
        }
        float[] images = LatentSpace.decodeMeans(model, swept);
        double[] rowKl = kl.map(v -> reorder(v, order)).orElse(null);
        return new LatentTraversal(
                order, rowKl, reorder(spread, order), kl.isPresent() ? "kl" : "spread", examples, steps, span, images);
    }

    private static double[] reorder(double[] v, int[] order) {
        double[] out = new double[order.length];
        for (int r = 0; r < order.length; r++) {
            out[r] = v[order[r]];
        }
        return out;
    }

    /** @return the mean of KL(q(z_j|x) ‖ N(0, 1)) over the rows, per dimension, if the model has it */
    private static Optional<double[]> meanKl(Autoencoder model, Dataset rows) {
        Engines.disableGradOnThisThread();
        int d = model.config().inputDim();
        int latent = model.config().latentDim();
        NDManager manager = model.parameters().manager();
        double[] sum = new double[latent];
        for (int from = 0; from < rows.size(); from += LatentSpace.BATCH_SIZE) {
            int n = Math.min(LatentSpace.BATCH_SIZE, rows.size() - from);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = Tensors.create(
                        manager, Arrays.copyOfRange(rows.features(), from * d, (from + n) * d), new Shape(n, d));
                Optional<NDArray> kl = model.klPerDimension(x, null);
                if (kl.isEmpty()) {
                    return Optional.empty();
                }
                float[] v = kl.get().toFloatArray();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < latent; j++) {
                        sum[j] += v[i * latent + j];
                    }
                }
            }
        }
        for (int j = 0; j < latent; j++) {
            sum[j] /= rows.size();
        }
        return Optional.of(sum);
    }
}
