package dev.vaekit.latent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.Conditions;
import java.util.Arrays;

/**
 * A trained model's two maps between data and codes, run in batches without gradients: the encoder (x ↦ q(z|x) for a
 * VAE, x ↦ enc(x) for a plain autoencoder) and the decoder z ↦ E[x|z]. Every batch's tensors are freed before the
 * next one (one {@link NDScope} per batch).
 */
public final class LatentSpace {
    /** Examples per forward pass. */
    public static final int BATCH_SIZE = 500;

    private LatentSpace() {}

    /**
     * Encodes every row of a data set: the posterior mean μ(x), or one draw z = μ(x) + σ(x) ⊙ ε, ε ~ N(0, I), of
     * q(z|x) (Kingma &amp; Welling 2014, eq. 10); for a plain autoencoder, its code enc(x).
     *
     * @param model the model
     * @param data rows of the model's input width, prepared the way the model saw its data (binarised or not)
     * @param sample draw z ~ q(z|x) instead of returning μ(x) (a VAE only)
     * @param seed seed of the draws (unused for means)
     * @return one code per row, with the rows' labels
     * @throws InvalidInputException if the rows are not as wide as the model's input, or if a plain autoencoder is
     *     asked to sample
     */
    public static LatentCodes encode(Autoencoder model, DataSource data, boolean sample, long seed) {
        int d = model.config().inputDim();
        if (data.dim() != d) {
            throw new InvalidInputException(
                    data.name() + ": rows have " + data.dim() + " values; the model takes " + d);
        }
        Engines.disableGradOnThisThread();
        if (sample) {
            Engines.seed(seed);
        }
        int n = data.size();
        int latentDim = model.config().latentDim();
        NDManager manager = model.parameters().manager();
        float[] codes = new float[n * latentDim];
        for (int from = 0; from < n; from += BATCH_SIZE) {
            int rows = Math.min(BATCH_SIZE, n - from);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = Tensors.create(manager, slice(data, from, from + rows), new Shape(rows, d));
                NDArray condition = Conditions.ofRows(model.config(), data, from, from + rows, manager);
                NDArray z;
                // one draw of q(z|x), through the posterior flow if the model has one; or the code itself
                z = sample ? model.drawCode(x, condition) : model.code(x, condition);
                System.arraycopy(z.toFloatArray(), 0, codes, from * latentDim, rows * latentDim);
            }
        }
        return new LatentCodes(codes, latentDim, data.labels());
    }

    /**
     * Decodes codes to the means E[x|z] of p(x|z): probabilities for a Bernoulli decoder, the mean for a Gaussian one;
     * an autoregressive decoder draws a sample instead ({@link Autoencoder#render}).
     *
     * @param model the model
     * @param codes row-major codes, each {@code latentDim} wide
     * @return row-major means, {@code inputDim} values per code
     */
    public static float[] decodeMeans(Autoencoder model, float[] codes) {
        int latentDim = model.config().latentDim();
        if (codes.length % latentDim != 0) {
            throw new IllegalArgumentException(codes.length + " values is not a whole number of codes of " + latentDim);
        }
        Engines.disableGradOnThisThread();
        int n = codes.length / latentDim;
        int d = model.config().inputDim();
        NDManager manager = model.parameters().manager();
        float[] means = new float[n * d];
        for (int from = 0; from < n; from += BATCH_SIZE) {
            int rows = Math.min(BATCH_SIZE, n - from);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray z = Tensors.create(
                        manager,
                        Arrays.copyOfRange(codes, from * latentDim, (from + rows) * latentDim),
                        new Shape(rows, latentDim));
                float[] batch = model.render(z).toFloatArray();
                System.arraycopy(batch, 0, means, from * d, rows * d);
            }
        }
        return means;
    }

    /** @return the values of examples [from, to) of a source */
    private static float[] slice(DataSource data, int from, int to) {
        float[] rows = new float[(to - from) * data.dim()];
        data.read(from, to, rows);
        return rows;
    }
}
