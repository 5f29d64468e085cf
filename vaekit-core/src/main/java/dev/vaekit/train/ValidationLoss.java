package dev.vaekit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.DataSource;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Batch;
import dev.vaekit.models.Conditions;
import dev.vaekit.models.Model;
import dev.vaekit.objectives.Loss;

/**
 * A data set's {@link Model#validationLoss}, without gradients, in batches: for a VAE its ELBO with one sample (the KL
 * in closed form where there is one), for a flow its exact negative log-likelihood, for a plain autoencoder its
 * reconstruction loss.
 */
public final class ValidationLoss {
    private ValidationLoss() {}

    /**
     * Dataset means, per example, in nats.
     *
     * @param loss the validation loss (−ELBO for a VAE)
     * @param reconstruction its reconstruction term (E_q log p(x|z), one sample, for a VAE)
     * @param kl its KL term (0 for models without one)
     */
    public record Summary(double loss, double reconstruction, double kl) {
        /** No data. */
        public static final Summary NONE = new Summary(Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * @param model the model
     * @param data the examples, already binarised if the model expects binary data
     * @param batchSize rows per forward pass
     * @return the means over all rows
     */
    public static Summary evaluate(Model model, DataSource data, int batchSize) {
        Engines.disableGradOnThisThread();
        double[] sums = new double[3];
        int n = data.size();
        int d = data.dim();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                float[] rows = slice(data, from, to);
                NDArray x = Tensors.create(model.parameters().manager(), rows, new Shape(to - from, d));
                NDArray condition = Conditions.ofRows(
                        model.config(), data, from, to, model.parameters().manager());
                Loss loss = model.validationLoss(new Batch(x, condition));
                float[] v = {
                    loss.value().getFloat(),
                    loss.reconstruction().getFloat(),
                    loss.kl().getFloat()
                };
                for (int i = 0; i < 3; i++) {
                    sums[i] += (double) v[i] * (to - from);
                }
            }
        }
        return new Summary(sums[0] / n, sums[1] / n, sums[2] / n);
    }

    /** @return the values of examples [from, to) of a source */
    private static float[] slice(DataSource data, int from, int to) {
        float[] rows = new float[(to - from) * data.dim()];
        data.read(from, to, rows);
        return rows;
    }
}
