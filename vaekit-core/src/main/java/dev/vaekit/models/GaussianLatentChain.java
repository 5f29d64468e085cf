package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import dev.vaekit.distributions.DiagonalGaussian;
import java.util.List;

/**
 * A model's latent layers z_1 (next to x) … z_L (the top) as a Markov chain of diagonal Gaussians in both directions,
 * as {@link Autoencoder#gaussianChain()} offers it:
 *
 * <pre>
 *   p(x, z_1..z_L) = p(x|z_1) · p(z_1|z_2) · … · p(z_{L−1}|z_L) · p(z_L),   p(z_L) = N(0, I)
 *   q(z_1..z_L|x)  = q(z_1|x) · q(z_2|z_1) · … · q(z_L|z_{L−1})
 * </pre>
 *
 * the model's own generative path and posterior, not an approximation of them. This is the structure that Bit-Swap
 * codes (Kingma, Abbeel &amp; Ho 2019, section 3; {@code dev.vaekit.compress}): each posterior factor depends on the
 * layer below alone, so the layers can be popped and pushed one after the other. A posterior inferred top-down (the
 * ladder of Sønderby et al. 2016, NVAE's) is not such a chain. Layers are numbered from 0 (z_1) here; every method
 * takes and returns a batch, without gradients being needed.
 */
public interface GaussianLatentChain {
    /** @return d_1 … d_L, the layers' sizes, bottom first; the last is {@code model.latentDim} */
    List<Integer> layerDims();

    /**
     * @param layer l in [0, L)
     * @param below for layer 0 the data x, shape (n, d); for layer l ≥ 1 values of layer l−1, shape (n, d_l)
     * @return q of layer l given what is below it: q(z_1|x) or q(z_{l+1}|z_l) in the paper's numbering, mean and
     *     log-variance each (n, d_{l+1})
     */
    DiagonalGaussian posterior(int layer, NDArray below);

    /**
     * @param layer l in [0, L−1)
     * @param above values of layer l+1, shape (n, d_{l+2})
     * @return p of layer l given the layer above: p(z_{l+1}|z_{l+2}) in the paper's numbering, mean and log-variance
     *     each (n, d_{l+1})
     */
    DiagonalGaussian prior(int layer, NDArray above);

    /**
     * The decoder network: the parameters of p(x|z_1), in the layout of the model's observation model.
     *
     * @param bottom values of layer 0 (z_1), shape (n, d_1)
     * @return shape (n, d · parameters per feature)
     */
    NDArray decode(NDArray bottom);
}
