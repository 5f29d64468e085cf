package dev.vaekit.demos;

import ai.djl.ndarray.NDManager;
import dev.vaekit.engine.Engines;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.latent.LatentSpace;
import dev.vaekit.models.ImportanceSampledLogLikelihood;
import dev.vaekit.models.Vae;
import java.util.ArrayList;
import java.util.List;

/**
 * The KL weight β of the objective E_q[log p(x|z)] − β·KL(q(z|x) ‖ p(z)) (β = 1 is the ELBO; Higgins et al. 2017).
 * With β = 0 nothing pulls the posteriors towards the prior: codes spread out where they like, reconstructions are
 * sharp, and decoded draws of the prior land between the codes and look like nothing. As β grows the posteriors'
 * "ellipses" are pushed to overlap and fill N(0, I), so prior draws decode to plausible digits, until a large β shuts
 * latent dimensions off (fewer active units) and reconstructions blur.
 */
public final class KlWeightDemo {
    private KlWeightDemo() {}

    /**
     * One β.
     *
     * @param beta the KL weight
     * @param reconstruction −E_q[log p(x|z)] on the test images, nats
     * @param kl KL(q(z|x) ‖ p(z)), nats
     * @param activeUnits latent dimensions whose posterior mean varies across images (Burda et al. 2016)
     * @param nll −log p(x) by importance sampling, nats
     * @param samples decoded prior draws, flat 28×28 images
     */
    public record Row(double beta, double reconstruction, double kl, int activeUnits, double nll, float[] samples) {}

    /**
     * @param epochs training epochs per β
     * @param latentDim latent dimension
     * @param images test images scored
     * @param k importance samples for the NLL
     * @param rows one per β
     */
    public record Result(int epochs, int latentDim, int images, int k, List<Row> rows) {}

    /**
     * @param betas KL weights
     * @param epochs epochs per model on mnist-mini
     * @param latentDim latent dimension
     * @param images test images to score
     * @param k importance samples
     * @param samples prior draws decoded per model
     * @param seed seed of training, sampling and the prior draws
     * @return one row per β
     */
    public static Result run(double[] betas, int epochs, int latentDim, int images, int k, int samples, long seed) {
        DemoModels.Data data = DemoModels.data();
        var test = data.test().slice(0, Math.min(images, data.test().size()));
        List<Row> rows = new ArrayList<>();
        for (double beta : betas) {
            try (NDManager manager = Engines.newManager();
                    Vae model = DemoModels.trainDenseVae(manager, data.train(), 200, latentDim, epochs, beta, seed)) {
                LikelihoodReport r = new ImportanceSampledLogLikelihood(model).evaluate(test, k, seed);
                Engines.seed(seed);
                float[] z = model.prior().sample(manager, samples).toFloatArray();
                rows.add(new Row(
                        beta,
                        -r.term("reconstruction"),
                        r.term("kl"),
                        (int) r.term("activeUnits"),
                        r.nll(),
                        LatentSpace.decodeMeans(model, z)));
            }
        }
        return new Result(epochs, latentDim, test.size(), k, rows);
    }
}
