package dev.vaekit.demos;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Batch;
import dev.vaekit.models.Vae;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How noisy Kingma &amp; Welling's two ELBO estimators are (2014, §2.3): estimator A (eq. 6) estimates the whole ELBO
 * by Monte Carlo, log p(x|z) + log p(z) − log q(z|x) at L draws of z; estimator B (eq. 7) computes the KL term
 * KL(q(z|x) ‖ p(z)) in closed form (Appendix B) and estimates only the reconstruction term. The paper says B has "less
 * variance than the generic estimator". Here: one briefly trained VAE, one fixed batch of test images, and for each
 * estimator and L many independent draws of ε — the variance, over draws, of the batch's ELBO and of its gradient with
 * respect to the encoder's weights (the KL term reaches only the encoder).
 */
public final class EstimatorVarianceDemo {
    private EstimatorVarianceDemo() {}

    /**
     * One estimator and sample count.
     *
     * @param estimator A or B
     * @param samples L
     * @param elboMean mean over draws of the batch-mean ELBO, nats
     * @param elboVariance its variance over draws
     * @param gradientVariance the total variance of the encoder's gradient: Σ_i Var[∂ELBO/∂w_i] over its weights
     */
    public record Row(
            Estimator estimator, int samples, double elboMean, double elboVariance, double gradientVariance) {}

    /**
     * @param epochs training epochs of the model
     * @param batch images in the fixed batch
     * @param draws draws of ε per row
     * @param rows A and B for each L
     */
    public record Result(int epochs, int batch, int draws, List<Row> rows) {}

    /**
     * @param epochs epochs to train the 784-200-20 VAE on mnist-mini
     * @param batch test images in the batch
     * @param draws independent draws per estimator and L, ≥ 2
     * @param samples the values of L
     * @param seed seed of training and of the draws
     * @return the variances
     */
    public static Result run(int epochs, int batch, int draws, int[] samples, long seed) {
        DemoModels.Data data = DemoModels.data();
        List<Row> rows = new ArrayList<>();
        try (NDManager manager = Engines.newManager();
                Vae model = DemoModels.trainDenseVae(manager, data.train(), 200, 20, epochs, 1.0, seed)) {
            Dataset test = data.test();
            NDArray x = manager.create(java.util.Arrays.copyOf(test.features(), batch * test.dim()))
                    .reshape(batch, test.dim());
            List<String> encoder = model.parameters().asMap().keySet().stream()
                    .filter(n -> n.startsWith("encoder."))
                    .toList();
            for (int l : samples) {
                for (Estimator estimator : new Estimator[] {Estimator.A, Estimator.B}) {
                    rows.add(measure(model, x, encoder, estimator, l, draws, seed));
                }
            }
            x.close();
        }
        return new Result(epochs, batch, draws, rows);
    }

    private static Row measure(
            Vae model, NDArray x, List<String> encoder, Estimator estimator, int l, int draws, long seed) {
        ReparameterizationDemo.Moments elbo = new ReparameterizationDemo.Moments();
        Map<String, NDArray> params = model.parameters().asMap();
        int size = encoder.stream()
                .mapToInt(n -> Math.toIntExact(params.get(n).getShape().size()))
                .sum();
        double[] mean = new double[size];
        double[] m2 = new double[size];
        for (int r = 0; r < draws; r++) {
            Engines.seed(seed * 1_000_003L + r); // the same ε sequence for A and B
            float[] gradient = new float[size];
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                    Loss terms = model.elbo(new Batch(x), estimator, l, 1f, 0f);
                    collector.backward(terms.value());
                    elbo.add(terms.bound().getFloat());
                }
                int at = 0;
                for (String name : encoder) {
                    float[] g = model.parameters().gradient(name).toFloatArray();
                    System.arraycopy(g, 0, gradient, at, g.length);
                    at += g.length;
                }
                model.parameters().zeroGradients();
            }
            for (int i = 0; i < size; i++) {
                double d = gradient[i] - mean[i];
                mean[i] += d / (r + 1);
                m2[i] += d * (gradient[i] - mean[i]);
            }
        }
        double total = 0;
        for (double v : m2) {
            total += v / (draws - 1);
        }
        return new Row(estimator, l, elbo.mean(), elbo.variance(), total);
    }
}
