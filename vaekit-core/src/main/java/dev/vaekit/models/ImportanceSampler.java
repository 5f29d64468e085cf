package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.Parameters;

/**
 * A latent-variable model whose posterior q(z|x) is a proposal for importance sampling, as {@link
 * SampledLogLikelihood} asks it: given noise, it draws z ~ q(z|x) and weighs each draw by w = p(x, z) / q(z|x), so that
 * log (1/k) Σ_i w_i estimates log p(x) from below (Burda et al. 2015, eq. 8). The hierarchical VAEs (all their layers
 * at once) and the discrete-latent VAEs implement it; the noise is the model's own (standard normal for Gaussian
 * layers, uniform for categorical ones), drawn per row from a row seed so that a row's estimate does not depend on the
 * batch it is scored in.
 */
public interface ImportanceSampler {

    /**
     * The sampled terms of k draws for each of a batch's rows.
     *
     * @param logPxGivenZ log p(x|z_i), shape (k, rows)
     * @param logRatio log q(z_i|x) − log p(z_i), shape (k, rows): every layer's terms summed
     * @param kl the KL term of the ELBO per row and draw, shape (k, rows): in closed form where the model has it
     *     (given each draw's parents, for a hierarchy), else equal to {@code logRatio}
     */
    record Weights(NDArray logPxGivenZ, NDArray logRatio, NDArray kl) {}

    /** @return the model's config */
    ModelConfig config();

    /** @return its parameters, whose manager owns the tensors of a pass */
    Parameters parameters();

    /** @return an upper estimate of the floats one draw of one example holds, for sizing passes */
    long floatsPerDraw();

    /** @return the noise values one draw of one example takes */
    int noiseWidth();

    /**
     * The noise of k draws of one row, from a generator seeded for that row alone. The default draws standard
     * normal values.
     *
     * @param manager owner of the result
     * @param k draws
     * @param rowSeed the row's seed ({@link dev.vaekit.data.RowSeeds})
     * @return shape (k, 1, noiseWidth)
     */
    default NDArray noise(NDManager manager, int k, long rowSeed) {
        return Engines.seededNormal(manager, new Shape(k, 1, noiseWidth()), rowSeed);
    }

    /**
     * Draws z ~ q(z|x) from the noise and weighs the draws, without gradients.
     *
     * @param x the rows, shape (rows, d)
     * @param noise shape (k, rows, noiseWidth), as {@link #noise} gives it
     * @return the sampled terms
     */
    Weights weigh(NDArray x, NDArray noise);

    /**
     * @param x the rows, shape (rows, d)
     * @return the codes that active units are counted on, shape (rows, latentDim): the posterior means (or
     *     probabilities) of the model's code
     */
    NDArray posteriorMeans(NDArray x);

    /** @return whether log p(x) is a density of continuous values (a Gaussian decoder) */
    boolean continuousData();

    /** @return the proposal in words, for the estimator's description, e.g. {@code q(z_1..z_L|x) as proposal} */
    String proposal();
}
