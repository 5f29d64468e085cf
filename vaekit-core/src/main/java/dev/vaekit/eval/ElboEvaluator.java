package dev.vaekit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Conditions;
import dev.vaekit.models.Model;
import dev.vaekit.models.Vae;
import dev.vaekit.objectives.Elbo;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.TrainingObjective;
import java.util.Arrays;

/**
 * The ELBO of a dataset with estimator B (A for a prior without a closed-form KL) and one sample per example, without
 * gradients; for a plain autoencoder, its
 * training objective instead (reconstruction log p(x | enc(x)), KL 0; see {@link TrainingObjective}).
 */
public final class ElboEvaluator {
    private ElboEvaluator() {}

    /**
     * Dataset means, per example, in nats.
     *
     * @param loss −ELBO
     * @param reconstruction E_q log p(x|z), one sample
     * @param kl KL(q(z|x) ‖ p(z)), analytic, or a one-sample estimate for the VampPrior, the flow prior or a flow posterior
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
    public static Summary evaluate(Model model, Dataset data, int batchSize) {
        Engines.disableGradOnThisThread();
        // the KL to a VampPrior or flow prior, or of a flow posterior, has no closed form: its one-sample Monte-Carlo
        // estimate (estimator A) stands in
        Estimator estimator = model instanceof Vae vae
                        && (!vae.prior().analyticKl() || vae.config().hasPosteriorFlow())
                ? Estimator.A
                : Estimator.B;
        double[] sums = new double[3];
        int n = data.size();
        int d = data.dim();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                float[] rows = Arrays.copyOfRange(data.features(), from * d, to * d);
                NDArray x = Tensors.create(model.parameters().manager(), rows, new Shape(to - from, d));
                NDArray condition = Conditions.ofRows(
                        model, data, from, to, model.parameters().manager());
                Elbo.Terms terms = TrainingObjective.compute(model, x, condition, estimator, 1, 1f, 0f);
                float[] v = {
                    terms.loss().getFloat(),
                    terms.reconstruction().getFloat(),
                    terms.kl().getFloat()
                };
                for (int i = 0; i < 3; i++) {
                    sums[i] += (double) v[i] * (to - from);
                }
            }
        }
        return new Summary(sums[0] / n, sums[1] / n, sums[2] / n);
    }
}
