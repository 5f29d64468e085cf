package dev.vaekit.eval.disentanglement;

import dev.vaekit.data.factors.FactorData;

/**
 * A disentanglement metric: how well a representation's codes separate the known factors of a data set. Each metric
 * draws its own observations from the data with a seeded generator, so the same seed, data and (deterministic)
 * representation give the same result. Only the factors with more than one class are scored.
 */
public interface DisentanglementMetric {

    /** @return the metric's short name, e.g. {@code mig} */
    String name();

    /** @return the estimator's settings, printed with every result */
    Record settings();

    /**
     * @param data the data with known factors
     * @param representation the representation scored
     * @param seed the seed of every random draw the estimate makes
     * @return the scores
     */
    MetricResult compute(FactorData data, RepresentationFunction representation, long seed);
}
