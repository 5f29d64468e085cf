package dev.vaekit.objectives;

import ai.djl.ndarray.NDArray;
import dev.vaekit.engine.Tensors;
import java.util.function.Supplier;

/**
 * The bounds of Rainforth, Kosiorek, Le, Maddison, Igl, Wood &amp; Teh 2018 ("Tighter Variational Bounds are Not
 * Necessarily Better") built from importance log-weights log w = log p(x, z) − log q(z|x) of draws z ~ q(z|x):
 *
 * <pre>
 *   IWAE(K)     = log (1/K) Σ_k w_k                                   (Burda et al. 2015, eq. 8)
 *   MIWAE(M, K) = (1/M) Σ_m log (1/K) Σ_k w_mk                        (eq. 3)
 *   CIWAE_β(K)  = β (1/K) Σ_k log w_k + (1 − β) log (1/K) Σ_k w_k     (eq. 4)
 *   PIWAE(M, K): the generative parameters θ ascend IWAE(M·K), the inference parameters φ ascend MIWAE(M, K)  (§5)
 * </pre>
 *
 * The paper's point is that a tighter bound (IWAE, large K) gives the generative network a better gradient but the
 * inference network a worse one (its signal-to-noise ratio falls as O(1/√K)); MIWAE, CIWAE and PIWAE trade the two.
 * Every function here takes the log-weights of all draws of a batch, shape (draws, batch), draws group-major for
 * MIWAE and PIWAE (draw m·K + k is draw k of group m), and returns a {@link Loss} of batch means whose value is the
 * negative bound (the weights enter undivided: none of these bounds has a KL weight, warm-up or free bits).
 */
public final class ImportanceWeightedBounds {
    private ImportanceWeightedBounds() {}

    /**
     * IWAE(K) per datapoint.
     *
     * @param logW log-weights, shape (K, batch)
     * @return shape (batch)
     */
    public static NDArray iwae(NDArray logW) {
        return Tensors.logMeanExp(logW, 0);
    }

    /**
     * MIWAE(M, K) per datapoint: the mean of M IWAE bounds of K draws each.
     *
     * @param logW log-weights, shape (M·K, batch), group-major
     * @param groups M ≥ 1, dividing the number of draws
     * @return shape (batch)
     */
    public static NDArray miwae(NDArray logW, int groups) {
        long draws = logW.getShape().get(0);
        if (groups < 1 || draws % groups != 0) {
            throw new IllegalArgumentException(draws + " draws do not split into " + groups + " groups");
        }
        NDArray grouped = logW.reshape(groups, draws / groups, -1); // (M, K, batch)
        return Tensors.logMeanExp(grouped, 1).mean(new int[] {0});
    }

    /**
     * CIWAE_β(K) per datapoint: β times the ELBO's K-sample estimate plus (1 − β) times the IWAE bound, both on the
     * same draws.
     *
     * @param logW log-weights, shape (K, batch)
     * @param beta β ∈ [0, 1]
     * @return shape (batch)
     */
    public static NDArray ciwae(NDArray logW, double beta) {
        NDArray elbo = logW.mean(new int[] {0});
        if (beta == 1) {
            return elbo;
        }
        NDArray iwae = iwae(logW);
        return beta == 0 ? iwae : Tensors.scale(elbo, beta).add(Tensors.scale(iwae, 1 - beta));
    }

    /**
     * The loss of an importance-weighted estimator: the negative bound its name gives, the reported reconstruction and
     * KL the means over all draws of log p(x|z) and log q(z|x) − log p(z).
     *
     * <p>PIWAE's two gradients come from one scalar: with log w' = log p_θ(x, sg(z)) − sg(log q_φ(z|x)) (sg: stop
     * gradient; z enters as a constant, so log w' depends on θ alone and has log w's value),
     *
     * <pre>
     *   loss = −[IWAE_MK(log w') + MIWAE_M,K(log w) − MIWAE_M,K(log w')],
     * </pre>
     *
     * whose value is −IWAE(M·K) and whose gradient is −∇_θ IWAE(M·K) for θ (the two MIWAE terms have the same θ
     * gradient, since z does not depend on θ) and −∇_φ MIWAE(M, K) for φ (log w' does not depend on φ). A parameter that
     * is both (a ladder VAE's top-down path, which the posterior reads) gets the IWAE gradient through p and the MIWAE
     * gradient through q and z.
     *
     * @param objective the estimator (IWAE, MIWAE, CIWAE or PIWAE), its groups and CIWAE β
     * @param logPxGivenZ log p(x|z) of every draw, shape (draws, batch)
     * @param logRatio log q(z|x) − log p(z) of every draw, shape (draws, batch)
     * @param generativeOnly for PIWAE: log w' as above, shape (draws, batch), computed only when asked; may be null for
     *     the other estimators
     * @return the loss and its parts
     */
    public static Loss loss(
            ObjectiveConfig objective, NDArray logPxGivenZ, NDArray logRatio, Supplier<NDArray> generativeOnly) {
        NDArray logW = logPxGivenZ.sub(logRatio);
        NDArray reconstruction = logPxGivenZ.mean();
        NDArray kl = logRatio.mean();
        return switch (objective.estimator()) {
            case IWAE -> of(iwae(logW).mean(), reconstruction, kl);
            case MIWAE -> of(miwae(logW, objective.groups()).mean(), reconstruction, kl);
            case CIWAE -> of(ciwae(logW, objective.ciwaeBeta()).mean(), reconstruction, kl);
            case PIWAE -> {
                NDArray thetaOnly = generativeOnly.get();
                NDArray bound = iwae(thetaOnly).mean();
                NDArray surrogate = bound.add(miwae(logW, objective.groups()).mean())
                        .sub(miwae(thetaOnly, objective.groups()).mean());
                yield new Loss(surrogate.neg(), reconstruction, kl, bound.stopGradient());
            }
            case A, B -> throw new IllegalArgumentException(
                    "estimator " + objective.estimator().id() + " is not importance-weighted");
        };
    }

    private static Loss of(NDArray bound, NDArray reconstruction, NDArray kl) {
        return new Loss(bound.neg(), reconstruction, kl, bound);
    }
}
