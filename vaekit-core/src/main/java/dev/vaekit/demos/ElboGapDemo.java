package dev.vaekit.demos;

import ai.djl.ndarray.NDManager;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.models.ImportanceSampledLogLikelihood;
import dev.vaekit.models.Vae;
import java.util.ArrayList;
import java.util.List;

/**
 * The ELBO and the importance-sampled log-likelihood of the same model and images as the number of samples k grows.
 * log p(x) = ELBO + KL(q(z|x) ‖ p(z|x)): the ELBO falls short of log p(x) by how far the encoder's posterior is from
 * the true one. The importance-sampled estimate log (1/k) Σ_i p(x, z_i)/q(z_i|x), z_i ~ q(z|x), is itself a lower bound
 * in expectation (the IWAE bound, Burda et al. 2016, theorem 1) that equals the ELBO at k = 1 and rises monotonically
 * to log p(x) as k → ∞; the rise from k = 1 measures that KL.
 */
public final class ElboGapDemo {
    private ElboGapDemo() {}

    /**
     * @param k importance samples
     * @param logPx mean estimate of log p(x), nats
     * @param stdErr its standard error over the images
     * @param seconds time taken
     */
    public record Row(int k, double logPx, double stdErr, double seconds) {}

    /**
     * @param epochs training epochs of the model
     * @param images test images
     * @param elbo the analytic-KL ELBO of the same images (one z each), nats
     * @param rows one per k
     */
    public record Result(int epochs, int images, double elbo, List<Row> rows) {}

    /**
     * @param epochs epochs to train the 784-200-20 VAE on mnist-mini
     * @param images test images to score
     * @param ks values of k, increasing
     * @param seed seed of training and sampling
     * @return the bounds
     */
    public static Result run(int epochs, int images, int[] ks, long seed) {
        DemoModels.Data data = DemoModels.data();
        Dataset test = data.test().slice(0, Math.min(images, data.test().size()));
        List<Row> rows = new ArrayList<>();
        double elbo = Double.NaN;
        try (NDManager manager = Engines.newManager();
                Vae model = DemoModels.trainDenseVae(manager, data.train(), 200, 20, epochs, 1.0, seed)) {
            for (int k : ks) {
                LikelihoodReport r = new ImportanceSampledLogLikelihood(model).evaluate(test, k, seed);
                rows.add(new Row(k, -r.nll(), r.nllStdErr(), r.seconds()));
                elbo = r.term("elbo");
            }
        }
        return new Result(epochs, test.size(), elbo, rows);
    }
}
