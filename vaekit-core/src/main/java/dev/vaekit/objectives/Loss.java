package dev.vaekit.objectives;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A minibatch's objective, as a model computes it: the scalar to minimise and its named parts, each a scalar, per
 * datapoint, in nats. Every model reports the ELBO's shape so that training, metrics and validation treat all alike:
 * a VAE its reconstruction term, KL term and bound; a plain autoencoder its reconstruction, a zero KL and the
 * reconstruction as "bound" (which bounds nothing); a flow its exact log p(x) as both. Further terms a family
 * computes (β-TCVAE's total correlation, say) go in {@link #extra} and reach the metrics file under their names.
 *
 * @param value the scalar to minimise (differentiable)
 * @param reconstruction batch mean of E_q log p(x|z) (or the model's stand-in)
 * @param kl batch mean of the KL term (0 for models without one)
 * @param bound batch mean of the unweighted bound on log p(x): the ELBO, the IWAE bound, or the exact log p(x)
 * @param extra further named terms, in the order to report them
 */
public record Loss(NDArray value, NDArray reconstruction, NDArray kl, NDArray bound, Map<String, NDArray> extra) {

    /** Checks that the four terms are present and copies the extras. */
    public Loss {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reconstruction, "reconstruction");
        Objects.requireNonNull(kl, "kl");
        Objects.requireNonNull(bound, "bound");
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** A loss with no extra terms. */
    public Loss(NDArray value, NDArray reconstruction, NDArray kl, NDArray bound) {
        this(value, reconstruction, kl, bound, Map.of());
    }
}
